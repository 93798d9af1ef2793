import type { Queryable } from '@medlink/platform/db';
import type { LiveEventInput } from '@medlink/platform/live-events';

export type Publish = (event: LiveEventInput) => void;

/**
 * After a delivery status of a consultation message changed (sent by a worker, delivered or read by the
 * provider), the practitioners following that consultation see the tick move: the event goes to the
 * consultation's room and to each active participant's room. Messages outside consultations are not published.
 */
export async function publishMessageStatus(db: Queryable, publish: Publish, messageId: string): Promise<void> {
  const result = await db.query<{ consultation_id: string | null; status: string; practitioner_ids: string[] | null }>(
    `SELECT m.consultation_id, m.status,
            array_remove(array_agg(cp.practitioner_id::text), NULL) AS practitioner_ids
       FROM messages m
       LEFT JOIN consultation_participants cp ON cp.consultation_id = m.consultation_id AND cp.left_at IS NULL
      WHERE m.id = $1
      GROUP BY m.id`,
    [messageId],
  );
  const row = result.rows[0];
  if (!row?.consultation_id) return;
  publish({
    type: 'message.status',
    rooms: [`consultation:${row.consultation_id}`, ...(row.practitioner_ids ?? []).map((id) => `practitioner:${id}`)],
    payload: { consultationId: row.consultation_id, messageId, status: row.status },
  });
}
