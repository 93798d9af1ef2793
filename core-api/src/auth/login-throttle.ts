import { createHash } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CoreApiDeps } from '../deps';
import { AppError } from '../shared/errors';
import { createRateLimiter } from '../shared/rate-limit';

const WINDOW_SECONDS = 15 * 60;

export interface LoginThrottle {
  /** Refuses (429 with Retry-After) when the IP or the email already used up its failures. */
  assertAllowed(ip: string, email: string): Promise<void>;
  recordFailure(ip: string, email: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

/**
 * Counts failed sign-ins per IP and per email over 15 minutes (LOGIN_RATE_LIMIT_PER_15_MIN each).
 * Only failures count, so colleagues behind one clinic NAT signing in correctly are never locked out.
 * Emails are hashed in the keys: Redis holds no addresses.
 */
export function createLoginThrottle(deps: CoreApiDeps): LoginThrottle {
  const points = deps.env.LOGIN_RATE_LIMIT_PER_15_MIN;
  const byIp = createRateLimiter({ redis: deps.redis, keyPrefix: 'login-ip', points, durationSeconds: WINDOW_SECONDS });
  const byEmail = createRateLimiter({
    redis: deps.redis,
    keyPrefix: 'login-email',
    points,
    durationSeconds: WINDOW_SECONDS,
  });
  const emailKey = (email: string) => createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);

  return {
    async assertAllowed(ip, email) {
      const waits = await Promise.all([
        msUntilAllowed(byIp, ip, points),
        msUntilAllowed(byEmail, emailKey(email), points),
      ]);
      const waitMs = Math.max(...waits);
      if (waitMs > 0) {
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        throw new AppError({
          code: 'rate_limited',
          detail: `Too many failed sign-ins; retry in ${retryAfter} s`,
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    },
    async recordFailure(ip, email) {
      // Over the limit, consume() rejects with the limiter state: the count is what matters here.
      await Promise.all([
        byIp.consume(ip).catch(() => undefined),
        byEmail.consume(emailKey(email)).catch(() => undefined),
      ]);
    },
    async recordSuccess(email) {
      await byEmail.delete(emailKey(email));
    },
  };
}

async function msUntilAllowed(limiter: RateLimiterAbstract, key: string, points: number): Promise<number> {
  const state = await limiter.get(key);
  return state && state.consumedPoints >= points ? state.msBeforeNext : 0;
}
