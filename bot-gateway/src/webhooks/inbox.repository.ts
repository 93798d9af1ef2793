import { z } from 'zod';
import type { Queryable } from '@medlink/platform/db';
import type { ChannelId, InboundStatus, MessageRowStatus } from '../channels/types';
import { isForwardStatus } from './is-forward-status';

const rowStatusSchema = z.enum(['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead']);

export type StatusOutcome = 'applied' | 'not-forward' | 'pending';

/**
 * Appends the status to the message's history (once per provider status) and moves the row's
 * status forward only. An id we don't know yet is parked in gateway_pending_statuses: the provider
 * may call back before our worker has recorded the id it got; the sweeper applies it later.
 */
export async function applyDeliveryStatus(
  db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  status: Omit<InboundStatus, 'kind' | 'channel'>,
  provider: string,
  channels: readonly ChannelId[],
): Promise<{ outcome: StatusOutcome; messageId?: string }> {
  return db.transaction(async (tx) => {
    const found = await tx.query<{ id: string; status: string }>(
      `SELECT id, status FROM messages
       WHERE direction = 'out' AND provider_message_id = $1 AND channel = ANY($2::text[])
       FOR UPDATE`,
      [status.providerMessageId, [...channels]],
    );
    const row = found.rows[0];
    if (!row) {
      await tx.query(
        `INSERT INTO gateway_pending_statuses (provider, provider_message_id, status, provider_status, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (provider, provider_message_id, provider_status) DO NOTHING`,
        [provider, status.providerMessageId, status.status, status.providerStatus, status.reason ?? null, status.at],
      );
      return { outcome: 'pending' };
    }
    await tx.query(
      `INSERT INTO message_status_events (message_id, status, reason, provider_status, at)
       SELECT $1, $2, $3, $4, $5
       WHERE NOT EXISTS (SELECT 1 FROM message_status_events WHERE message_id = $1 AND provider_status = $4)`,
      [row.id, status.status, status.reason ?? null, status.providerStatus, status.at],
    );
    const current: MessageRowStatus = rowStatusSchema.parse(row.status);
    if (!isForwardStatus(current, status.status)) return { outcome: 'not-forward', messageId: row.id };
    await tx.query(
      `UPDATE messages SET status = $2, status_reason = COALESCE($3, status_reason), updated_at = now() WHERE id = $1`,
      [row.id, status.status, status.reason ?? null],
    );
    return { outcome: 'applied', messageId: row.id };
  });
}

const pendingSchema = z.object({
  id: z.coerce.string(),
  provider: z.string(),
  provider_message_id: z.string(),
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'failed']),
  provider_status: z.string(),
  reason: z.string().nullable(),
  at: z.coerce.date(),
});

/** Parked statuses whose outbound row now carries the provider id, oldest first. */
export async function findResolvablePendingStatuses(db: Queryable, limit: number) {
  const result = await db.query(
    `SELECT p.id, p.provider, p.provider_message_id, p.status, p.provider_status, p.reason, p.at
     FROM gateway_pending_statuses p
     WHERE EXISTS (SELECT 1 FROM messages m WHERE m.direction = 'out' AND m.provider_message_id = p.provider_message_id)
     ORDER BY p.at, p.id
     LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => pendingSchema.parse(row));
}

export async function deletePendingStatus(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM gateway_pending_statuses WHERE id = $1', [id]);
}

/** Parked statuses for ids that never showed up (a message sent by another system) are kept for a week. */
export async function deleteStalePendingStatuses(db: Queryable, olderThan: Date): Promise<void> {
  await db.query('DELETE FROM gateway_pending_statuses WHERE received_at < $1', [olderThan]);
}

/** After this many failed conversation steps a message is left for a human (and the logs), not retried. */
export const MAX_PROCESS_ATTEMPTS = 10;

/** Inbound rows stored but never processed (a crash between commit and job, a lost job), oldest first. */
export async function findUnprocessedInbound(db: Queryable, createdBefore: Date, limit: number): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM messages
     WHERE direction = 'in' AND processed_at IS NULL AND created_at <= $1 AND process_attempts < $3
     ORDER BY created_at
     LIMIT $2`,
    [createdBefore, limit, MAX_PROCESS_ATTEMPTS],
  );
  return result.rows.map((row) => row.id);
}
