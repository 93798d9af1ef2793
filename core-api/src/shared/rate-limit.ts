import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from '@medlink/platform/redis';
import { AppError } from './errors';

/** Redis-backed when REDIS_URL is set (shared by every instance), in-process otherwise. */
export function createRateLimiter(options: {
  redis?: Redis;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}): RateLimiterAbstract {
  const common = { keyPrefix: `rl:${options.keyPrefix}`, points: options.points, duration: options.durationSeconds };
  return options.redis
    ? new RateLimiterRedis({ ...common, storeClient: options.redis })
    : new RateLimiterMemory(common);
}

/** Consumes one point for the key; over the limit, a 429 problem with Retry-After. */
export async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError({
        code: 'rate_limited',
        detail: `Too many requests; retry in ${retryAfter} s`,
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    throw error;
  }
}

export function rateLimitByIp(limiter: RateLimiterAbstract): RequestHandler {
  return async (req, _res, next) => {
    await consumeOrThrow(limiter, req.ip ?? 'unknown');
    next();
  };
}
