import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  createExpiringMap,
  createMemoryKeyValueStore,
  createRedisKeyValueStore,
  type KeyValueStore,
} from './key-value-store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
let now = new Date('2026-11-26T12:00:00Z');
beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(() => {
  redis.disconnect();
});

describe.each([
  { name: 'in-process', create: () => createMemoryKeyValueStore(() => now) },
  { name: 'Redis', create: () => createRedisKeyValueStore(redis, `t-${randomUUID()}:`) },
])('$name key-value store', ({ create }) => {
  let store: KeyValueStore;
  beforeEach(() => {
    store = create();
  });

  test('keeps a value until it is deleted', async () => {
    await store.set('ussd:session:a', '{"page":1}', 60);
    expect(await store.get('ussd:session:a')).toBe('{"page":1}');
    await store.delete('ussd:session:a');
    expect(await store.get('ussd:session:a')).toBeUndefined();
  });

  test('a missing key is undefined; a second set replaces the value', async () => {
    expect(await store.get('nothing')).toBeUndefined();
    await store.set('k', 'one', 60);
    await store.set('k', 'two', 60);
    expect(await store.get('k')).toBe('two');
  });
});

test('in-process: a value expires after its TTL (clock passed in)', async () => {
  const store = createMemoryKeyValueStore(() => now);
  await store.set('resume', 'x', 120);
  now = new Date(now.getTime() + 119_000);
  expect(await store.get('resume')).toBe('x');
  now = new Date(now.getTime() + 1_000);
  expect(await store.get('resume')).toBeUndefined();
});

test('Redis: the TTL is set on the key', async () => {
  const prefix = `t-${randomUUID()}:`;
  await createRedisKeyValueStore(redis, prefix).set('resume', 'x', 120);
  const ttl = await redis.ttl(`${prefix}resume`);
  expect(ttl).toBeGreaterThan(100);
  expect(ttl).toBeLessThanOrEqual(120);
  await redis.del(`${prefix}resume`);
});

describe('in-process expiring map', () => {
  test('expired entries are swept once it holds more than its limit; live ones are kept', () => {
    let at = new Date('2026-11-26T12:00:00Z');
    const map = createExpiringMap(() => at, 4);
    for (const key of ['a', 'b', 'c']) map.set(key, key, 60);
    map.set('d', 'd', 600);
    at = new Date(at.getTime() + 120_000);
    map.set('e', 'e', 60);
    expect(map.size).toBe(2);
    expect(['d', 'e'].map((key) => map.get(key))).toEqual(['d', 'e']);
  });

  test('with more live entries than the limit (a surge), it does not walk the whole map on every write', () => {
    const map = createExpiringMap(() => new Date('2026-11-26T12:00:00Z'), 100);
    const walk = jest.spyOn(Map.prototype, Symbol.iterator);
    try {
      for (let index = 0; index < 10_000; index += 1) map.set(`session-${index}`, 'x', 600);
      // Doubling thresholds: 100, 200, ..., 12,800: 7 walks where one per write would be 9,900.
      expect(walk.mock.calls.length).toBeLessThanOrEqual(10);
    } finally {
      walk.mockRestore();
    }
    expect(map.size).toBe(10_000);
    expect(map.get('session-0')).toBe('x');
  });
});
