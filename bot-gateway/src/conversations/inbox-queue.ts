import { Queue, Worker } from 'bullmq';
import type { Logger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';

/**
 * Hands stored inbound message ids to the conversation step. Losing a job is harmless: the row stays
 * unprocessed and the sweeper enqueues it again; running one twice is harmless: the step locks the
 * row and skips it once processed.
 */
export interface InboxQueue {
  enqueue(messageId: string): Promise<void>;
  /** Resolves when nothing is queued or running (in-process only; BullMQ resolves at once). */
  onIdle(): Promise<void>;
  close(): Promise<void>;
}

type ProcessOne = (messageId: string) => Promise<unknown>;

export function createInProcessInboxQueue(options: {
  process: ProcessOne;
  concurrency: number;
  logger: Logger;
}): InboxQueue {
  const waiting: string[] = [];
  const known = new Set<string>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];
  const settle = () => {
    if (running > 0 || waiting.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const pump = () => {
    while (running < options.concurrency && waiting.length > 0) {
      const id = waiting.shift();
      if (id === undefined) break;
      running += 1;
      options
        .process(id)
        .catch((error: unknown) =>
          options.logger.error({ err: error, messageId: id }, 'inbound processing failed; the sweeper retries'),
        )
        .finally(() => {
          running -= 1;
          known.delete(id);
          pump();
          settle();
        });
    }
  };
  return {
    async enqueue(messageId) {
      if (known.has(messageId)) return;
      known.add(messageId);
      waiting.push(messageId);
      pump();
    },
    onIdle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settle();
      }),
    async close() {
      waiting.length = 0;
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settle();
      });
    },
  };
}

/** BullMQ: jobId = message id, so enqueuing an id already waiting is a no-op across processes. */
export function createBullmqInboxQueue(options: {
  redisUrl: string;
  prefix: string;
  process: ProcessOne;
  concurrency: number;
  logger: Logger;
}): InboxQueue {
  // BullMQ's blocking connections need maxRetriesPerRequest: null.
  const connect = () =>
    connectRedis(options.redisUrl, (error) => options.logger.warn({ err: error }, 'redis error'), {
      maxRetriesPerRequest: null,
    });
  const queueConnection = connect();
  const workerConnection = connect();
  const queue = new Queue<{ messageId: string }>('inbox', { connection: queueConnection, prefix: options.prefix });
  const worker = new Worker<{ messageId: string }>(
    'inbox',
    async (job) => {
      await options.process(job.data.messageId);
    },
    { connection: workerConnection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('failed', (job, error) =>
    options.logger.warn({ err: error, messageId: job?.data.messageId }, 'inbound job failed'),
  );
  worker.on('error', (error) => options.logger.warn({ err: error }, 'inbox worker error'));
  return {
    async enqueue(messageId) {
      await queue.add(
        'process',
        { messageId },
        {
          jobId: messageId,
          attempts: 5,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      );
    },
    onIdle: async () => undefined,
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
