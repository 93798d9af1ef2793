import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { createLogger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';
import { nextRequest, smallestLiveRequest, startInboxLoadShedder } from './inbox-load-shedder';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const limits = { threshold: 60, minimum: 2, normal: 20 };

describe('inbox load shedding rules', () => {
  it.each([
    ['a lagging event loop halves the request', 20, 200, 10],
    ['halving stops at the floor', 3, 500, 2],
    ['an idle event loop gives a quarter of the normal concurrency back', 10, 5, 15],
    ['giving back stops at the normal concurrency', 18, 0, 20],
    ['a delay between half the threshold and the threshold holds the request', 8, 45, 8],
  ])('%s', (_name, current, lagMs, expected) => {
    expect(nextRequest(current, lagMs, limits)).toBe(expected);
  });

  it('takes the smallest request of the gateways that reported recently, ignoring a dead one', () => {
    const now = 100_000;
    expect(smallestLiveRequest({ a: `12:${now}`, b: `4:${now - 500}`, dead: `1:${now - 60_000}` }, now - 3_000)).toBe(
      4,
    );
    expect(smallestLiveRequest({ dead: `1:${now - 60_000}`, junk: 'x' }, now - 3_000)).toBeUndefined();
  });
});

describe('inbox load shedder on Redis', () => {
  it('when the event loop lags, lowers the shared inbox concurrency, and removes the limit when stopped', async () => {
    const prefix = `medlink-test-shed-${randomBytes(4).toString('hex')}:gateway`;
    const connection = connectRedis(REDIS_URL, () => undefined, { maxRetriesPerRequest: null });
    const queue = new Queue('inbox', { connection, prefix });
    const shedder = startInboxLoadShedder({
      redisUrl: REDIS_URL,
      prefix,
      instanceId: 'gateway-a',
      normalConcurrency: 20,
      lagThresholdMs: 20,
      intervalMs: 100,
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    try {
      let limit: number | null = null;
      for (let attempt = 0; attempt < 50 && (limit === null || limit >= 20); attempt += 1) {
        // Hold the event loop the way a CPU-starved gateway does, then let the shedder's tick run.
        const until = Date.now() + 60;
        while (Date.now() < until);
        await new Promise((resolve) => setTimeout(resolve, 120));
        limit = await queue.getGlobalConcurrency();
      }
      expect(limit).not.toBeNull();
      expect(limit).toBeLessThan(20);
      expect(limit).toBeGreaterThanOrEqual(2);
      expect(shedder.requested()).toBeLessThan(20);
    } finally {
      await shedder.stop();
    }
    expect(await queue.getGlobalConcurrency()).toBeNull();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
});
