import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import type { Logger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';

export interface InboxLoadShedderOptions {
  redisUrl: string;
  /** The inbox queue's BullMQ prefix (`<key prefix>:gateway`, as startGateway builds it). */
  prefix: string;
  /** Who asks (one field per gateway instance in the shared hash). */
  instanceId: string;
  /** The inbox concurrency when nothing is overloaded (WORKER_CONCURRENCY). */
  normalConcurrency: number;
  /** Never below this: SMS and WhatsApp keep moving (queued, slower), nothing waits forever. */
  minConcurrency?: number;
  /** Event-loop delay (p90 over one interval) above which this instance asks for less inbox work. */
  lagThresholdMs?: number;
  intervalMs?: number;
  logger: Logger;
}

export interface InboxLoadShedder {
  /** The limit this instance last asked for. */
  requested(): number;
  stop(): Promise<void>;
}

/**
 * Under overload, USSD comes first: its answer is the next screen and the operator drops a session that waits
 * (emergency triage runs inline in that path), while SMS and WhatsApp steps can wait in the inbox queue.
 * Each gateway watches its event-loop delay; when it rises, the gateway asks for half the inbox concurrency
 * (down to a floor), and gives it back a step at a time once the delay is low again. The inbox queue's global
 * concurrency (BullMQ, shared by every gateway) is the smallest any live gateway asks for. Work is deferred,
 * never dropped: the backlog drains when the surge ends.
 */
export function startInboxLoadShedder(options: InboxLoadShedderOptions): InboxLoadShedder {
  const minimum = Math.max(1, options.minConcurrency ?? 2);
  const normal = Math.max(minimum, options.normalConcurrency);
  const threshold = options.lagThresholdMs ?? 60;
  const intervalMs = options.intervalMs ?? 1_000;
  const hashKey = `${options.prefix}:inbox:shed-requests`;
  const connection = connectRedis(options.redisUrl, (error) => options.logger.warn({ err: error }, 'redis error'), {
    maxRetriesPerRequest: null,
  });
  const queue = new Queue('inbox', { connection, prefix: options.prefix });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let requested = normal;
  let applied: number | undefined;
  let stopped = false;

  const tick = async () => {
    const lagMs = delay.percentile(90) / 1e6;
    delay.reset();
    requested = nextRequest(requested, lagMs, { threshold, minimum, normal });
    const now = Date.now();
    await connection.hset(hashKey, options.instanceId, `${requested}:${now}`);
    await connection.pexpire(hashKey, intervalMs * 10);
    const limit = smallestLiveRequest(await connection.hgetall(hashKey), now - intervalMs * 3) ?? requested;
    if (limit === applied) return;
    if (limit >= normal) await queue.removeGlobalConcurrency();
    else await queue.setGlobalConcurrency(limit);
    options.logger.info(
      { limit, lagMs: Math.round(lagMs) },
      limit < normal ? 'inbox work deferred: USSD first' : 'inbox concurrency restored',
    );
    applied = limit;
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(tick)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'load shedder tick failed'));
  }, intervalMs);
  timer.unref();

  return {
    requested: () => requested,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      delay.disable();
      await running;
      await connection.hdel(hashKey, options.instanceId).catch(() => undefined);
      const others = smallestLiveRequest(
        await connection.hgetall(hashKey).catch(() => ({})),
        Date.now() - intervalMs * 3,
      );
      if (others === undefined) await queue.removeGlobalConcurrency().catch(() => undefined);
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Multiplicative decrease while the event loop lags, one step back up when it is clearly idle again. */
export function nextRequest(
  current: number,
  lagMs: number,
  limits: { threshold: number; minimum: number; normal: number },
): number {
  if (lagMs > limits.threshold) return Math.max(limits.minimum, Math.floor(current / 2));
  if (lagMs < limits.threshold / 2) return Math.min(limits.normal, current + Math.max(1, Math.ceil(limits.normal / 4)));
  return current;
}

/** The smallest request among instances that reported after `freshAfter` (a dead gateway's request expires). */
export function smallestLiveRequest(entries: Record<string, string>, freshAfter: number): number | undefined {
  let smallest: number | undefined;
  for (const value of Object.values(entries)) {
    const [limit, at] = value.split(':').map(Number);
    if (limit === undefined || at === undefined || !Number.isFinite(limit) || !Number.isFinite(at) || at < freshAfter)
      continue;
    smallest = smallest === undefined ? limit : Math.min(smallest, limit);
  }
  return smallest;
}
