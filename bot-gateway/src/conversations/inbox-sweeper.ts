import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import { channelsOfProvider, type ChannelRegistry } from '../channels/registry';
import { publishMessageStatus, type Publish } from '../live/publish-message-status';
import {
  applyDeliveryStatus,
  deletePendingStatus,
  deleteStalePendingStatuses,
  findResolvablePendingStatuses,
  findUnprocessedInbound,
} from '../webhooks/inbox.repository';
import type { InboxQueue } from './inbox-queue';

const PENDING_STATUS_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PROVIDERS = ['twilio', 'africastalking', 'meta'] as const;

export interface InboxSweeper {
  /** One pass: re-dispatches unprocessed inbound rows and applies parked statuses; returns rows re-dispatched. */
  sweepOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The durable half of the inbox: a stored row not yet processed (crash after commit, lost job) is
 * dispatched again once older than `minAgeMs` (younger rows are still in flight from their webhook).
 */
export function startInboxSweeper(options: {
  db: Db;
  queue: InboxQueue;
  registry: ChannelRegistry;
  clock: () => Date;
  logger: Logger;
  intervalMs: number;
  minAgeMs: number;
  /** Live events for delivery statuses applied late (their provider id was not known yet). */
  publish?: Publish;
}): InboxSweeper {
  const { db, queue, clock } = options;
  const sweepOnce = async (): Promise<number> => {
    const ids = await findUnprocessedInbound(db, new Date(clock().getTime() - options.minAgeMs), 500);
    for (const id of ids) await queue.enqueue(id);
    for (const pending of await findResolvablePendingStatuses(db, 500)) {
      const provider = PROVIDERS.find((name) => name === pending.provider);
      if (!provider) continue;
      const applied = await applyDeliveryStatus(
        db,
        {
          providerMessageId: pending.provider_message_id,
          status: pending.status,
          providerStatus: pending.provider_status,
          at: pending.at,
          ...(pending.reason ? { reason: pending.reason } : {}),
        },
        provider,
        channelsOfProvider(options.registry, provider),
      );
      await deletePendingStatus(db, pending.id);
      if (applied.outcome === 'applied' && applied.messageId && options.publish)
        await publishMessageStatus(db, options.publish, applied.messageId);
    }
    await deleteStalePendingStatuses(db, new Date(clock().getTime() - PENDING_STATUS_RETENTION_MS));
    return ids.length;
  };
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = sweepOnce().catch((error: unknown) =>
      options.logger.warn({ err: error }, 'inbox sweep failed; next pass retries'),
    );
  }, options.intervalMs);
  timer.unref();
  return {
    sweepOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
