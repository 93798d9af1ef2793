import type { Redis } from '@medlink/platform/redis';

/** Short-lived state (USSD sessions, resume offers): Redis when REDIS_URL is set, else this process's memory. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createMemoryKeyValueStore(clock: () => Date = () => new Date()): KeyValueStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= clock().getTime()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: clock().getTime() + ttlSeconds * 1000 });
      if (entries.size > 10_000) sweepExpired(entries, clock().getTime());
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

function sweepExpired(entries: Map<string, { expiresAt: number }>, now: number): void {
  for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
}

export function createRedisKeyValueStore(redis: Redis, prefix: string): KeyValueStore {
  return {
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      await redis.set(prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
  };
}
