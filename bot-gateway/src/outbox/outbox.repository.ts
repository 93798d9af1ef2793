import type { Queryable } from '@medlink/platform/db';
import { groupCalls } from '@medlink/platform/group-calls';

export interface DueMessage {
  id: string;
  channel: string;
}

export interface ClaimedMessage {
  id: string;
  channel: string;
  contactAddress: string;
  body: string | null;
  content: unknown;
  idempotencyKey: string;
  attempts: number;
}

/**
 * The only SQL of the outbox. While a row is queued and handed to the queue, or while it is being sent,
 * `next_attempt_at` is its lease: when it passes, the relay hands the row out again.
 */
export function createOutboxRepository(db: Queryable, options: { leaseMs: number }) {
  const batching = { maxBatch: 200, maxInFlight: 4, onFailure: 'fail-batch' } as const;
  const claim = groupCalls(async (ids: string[]) => {
    // SKIP LOCKED: a row another claimer holds is theirs; no lock waits, no deadlocks between batches.
    const result = await db.query<ClaimedMessage>(
      `UPDATE messages m SET status = 'sending', attempts = m.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
       FROM (SELECT id FROM messages WHERE id = ANY($1::uuid[]) AND direction = 'out' AND status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED) c
       WHERE m.id = c.id
       RETURNING m.id, m.channel, m.contact_address AS "contactAddress", m.body, m.content,
                 coalesce(m.idempotency_key, 'msg:' || m.id::text) AS "idempotencyKey", m.attempts`,
      [ids, options.leaseMs],
    );
    const byId = new Map(result.rows.map((row) => [row.id, row]));
    // The same id twice in one batch gets the row once: only one caller may send it.
    return ids.map((id) => {
      const row = byId.get(id);
      byId.delete(id);
      return row;
    });
  }, batching);
  const markSent = groupCalls(async (sends: { id: string; providerMessageId: string }[]) => {
    const result = await db.query<{ id: string }>(
      `WITH input AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(id, provider_message_id)),
       updated AS (
         UPDATE messages m SET status = 'sent', provider_message_id = input.provider_message_id, status_reason = NULL, next_attempt_at = NULL, updated_at = now()
         FROM input WHERE m.id = input.id AND m.status IN ('queued', 'sending') RETURNING m.id),
       events AS (INSERT INTO message_status_events (message_id, status, provider_status) SELECT id, 'sent', 'accepted' FROM updated)
       SELECT id FROM updated`,
      [sends.map((send) => send.id), sends.map((send) => send.providerMessageId)],
    );
    const updated = new Set(result.rows.map((row) => row.id));
    return sends.map((send) => updated.has(send.id));
  }, batching);

  return {
    /** Due rows (new, retry time reached, or a sender's lease expired) get a fresh lease and are returned for enqueuing. */
    async leaseDueMessages(limit: number, leaseMs: number): Promise<DueMessage[]> {
      const result = await db.query<DueMessage>(
        `UPDATE messages m SET status = 'queued', next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
         FROM (SELECT id FROM messages
               WHERE direction = 'out' AND status IN ('queued', 'sending') AND (next_attempt_at IS NULL OR next_attempt_at <= now())
               ORDER BY next_attempt_at NULLS FIRST LIMIT $1 FOR UPDATE SKIP LOCKED) due
         WHERE m.id = due.id
         RETURNING m.id, m.channel`,
        [limit, leaseMs],
      );
      return result.rows;
    },

    /** Takes one queued row for sending; returns nothing when another worker has it or it is already done. */
    claimMessage: (id: string) => claim(id),

    /** A send that finishes after its lease expired still counts: the provider id is the same one (idempotency). */
    markSent: async (id: string, providerMessageId: string): Promise<boolean> =>
      (await markSent({ id, providerMessageId })) ?? false,

    async scheduleRetry(id: string, delayMs: number, reason: string): Promise<void> {
      await db.query(
        `WITH updated AS (
           UPDATE messages SET status = 'queued', next_attempt_at = now() + $2 * interval '1 millisecond', status_reason = $3, updated_at = now()
           WHERE id = $1 AND status = 'sending' RETURNING id)
         INSERT INTO message_status_events (message_id, status, reason) SELECT id, 'queued', $3 FROM updated`,
        [id, delayMs, reason],
      );
    },

    /** The dead-letter state: kept in the message log with its reason, never retried. */
    async markDead(id: string, reason: string): Promise<void> {
      await db.query(
        `WITH updated AS (
           UPDATE messages SET status = 'dead', next_attempt_at = NULL, status_reason = $2, updated_at = now()
           WHERE id = $1 AND status IN ('queued', 'sending') RETURNING id)
         INSERT INTO message_status_events (message_id, status, reason) SELECT id, 'dead', $2 FROM updated`,
        [id, reason],
      );
    },

    async countPending(): Promise<number> {
      const result = await db.query<{ count: string }>(
        `SELECT count(*)::text AS count FROM messages WHERE direction = 'out' AND status IN ('queued', 'sending')`,
      );
      return Number(result.rows[0]?.count ?? 0);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
