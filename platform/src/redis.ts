import { Redis } from 'ioredis';

export type { Redis };

/** One ioredis connection; errors are reported to the caller's handler instead of crashing the process. */
export function connectRedis(
  url: string,
  onError: (error: Error) => void,
  options: { maxRetriesPerRequest?: number | null } = {},
): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    enableAutoPipelining: true,
    lazyConnect: false,
  });
  redis.on('error', onError);
  return redis;
}
