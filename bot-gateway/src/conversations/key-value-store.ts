import type { Redis } from '@medlink/platform/redis';

/** Short-lived state (USSD sessions, resume offers): Redis when REDIS_URL is set, else this process's memory. */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A map whose entries expire (swept once it holds more than `sweepAbove`), read and written synchronously. */
export interface ExpiringMap {
  get(key: string): string | undefined;
  set(key: string, value: string, ttlSeconds: number): void;
  delete(key: string): void;
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
}

export function createExpiringMap(clock: () => Date, sweepAbove = 10_000): ExpiringMap {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  // The next sweep waits until the map has doubled since the last one: with more live entries than
  // `sweepAbove` (a surge of sessions), sweeping on every write would walk the whole map per write.
  let sweepAt = sweepAbove;
  return {
    get size() {
      return entries.size;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt > clock().getTime()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, ttlSeconds) {
      const now = clock().getTime();
      entries.set(key, { value, expiresAt: now + ttlSeconds * 1000 });
      if (entries.size <= sweepAt) return;
      for (const [name, entry] of entries) if (entry.expiresAt <= now) entries.delete(name);
      sweepAt = Math.max(sweepAbove, 2 * entries.size);
    },
    delete(key) {
      entries.delete(key);
    },
  };
}

export function createMemoryKeyValueStore(clock: () => Date = () => new Date()): KeyValueStore {
  const entries = createExpiringMap(clock);
  return {
    async get(key) {
      return entries.get(key);
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, value, ttlSeconds);
    },
    async delete(key) {
      entries.delete(key);
    },
  };
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
