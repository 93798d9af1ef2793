import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from '@medlink/platform/logger';
import type { Redis } from '@medlink/platform/redis';
import type { DueMessage } from './outbox.repository';
import type { SendOutcome } from './send-outbox-message';

/** Hands due rows to workers. Enqueuing a message id that is already waiting or running is a no-op. */
export interface OutboxQueue {
  enqueue(jobs: DueMessage[]): Promise<void>;
  close(): Promise<void>;
}

export type ProcessOutboxJob = (job: {
  messageId: string;
  channel: string;
}) => Promise<{ outcome: SendOutcome; reason?: string }>;

const QUEUE_NAME = 'outbox';

/**
 * BullMQ, jobId = message id. The database row stays the source of truth: a job that fails for an unexpected
 * reason is dropped, its row's lease expires, and the relay enqueues it again. Only a dead letter fails the job
 * (UnrecoverableError), so BullMQ never retries what the row says is finished.
 */
export function createBullmqOutboxQueue(options: {
  connection: () => Redis;
  prefix: string;
  concurrency: number;
  leaseMs: number;
  process: ProcessOutboxJob;
  logger: Logger;
}): OutboxQueue {
  const queueConnection = options.connection();
  const workerConnection = options.connection();
  const queue = new Queue(QUEUE_NAME, { connection: queueConnection, prefix: options.prefix });
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const messageId = String(job.data.messageId);
      const channel = String(job.data.channel);
      const result = await options.process({ messageId, channel });
      if (result.outcome === 'dead') throw new UnrecoverableError(result.reason ?? 'dead-lettered');
      return result.outcome;
    },
    {
      connection: workerConnection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // A killed worker's job comes back after one lease; it is never failed for stalling, the row decides.
      lockDuration: options.leaseMs,
      stalledInterval: options.leaseMs,
      maxStalledCount: 1_000_000,
    },
  );
  worker.on('error', (error) => options.logger.warn({ err: error }, 'outbox worker error'));
  return {
    async enqueue(jobs) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map((job) => ({
          name: 'send',
          data: { messageId: job.id, channel: job.channel },
          opts: { jobId: job.id, removeOnComplete: true, removeOnFail: true },
        })),
      );
    },
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}

/** The same semantics in one process, for the embedded demo (no REDIS_URL). */
export function createInProcessOutboxQueue(options: {
  concurrency: number;
  process: ProcessOutboxJob;
  logger: Logger;
}): OutboxQueue {
  const known = new Set<string>();
  const waiting: DueMessage[] = [];
  let active = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  const pump = () => {
    while (!closing && active < options.concurrency && waiting.length > 0) {
      const job = waiting.shift();
      if (!job) break;
      active += 1;
      options
        .process({ messageId: job.id, channel: job.channel })
        .catch((error: unknown) =>
          options.logger.error({ err: error, messageId: job.id }, 'outbox job failed; the lease will bring it back'),
        )
        .finally(() => {
          known.delete(job.id);
          active -= 1;
          if (active === 0) drained?.();
          pump();
        });
    }
  };
  return {
    async enqueue(jobs) {
      for (const job of jobs) {
        if (known.has(job.id)) continue;
        known.add(job.id);
        waiting.push(job);
      }
      pump();
    },
    async close() {
      closing = true;
      waiting.length = 0;
      if (active > 0) await new Promise<void>((resolve) => (drained = resolve));
    },
  };
}
