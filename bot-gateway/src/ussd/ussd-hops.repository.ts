import type { Queryable } from '@medlink/platform/db';
import type { InboundMessage } from '../channels/types';

/** The screen already answered for this hop (same session, same input count), if any. */
export async function findUssdHopScreen(db: Queryable, providerMessageId: string): Promise<string | undefined> {
  const result = await db.query<{ screen: string | null }>(
    `SELECT content->>'screen' AS screen FROM messages
     WHERE channel = 'africastalking-ussd' AND direction = 'in' AND provider_message_id = $1`,
    [providerMessageId],
  );
  return result.rows[0]?.screen ?? undefined;
}

/**
 * Logs the hop with the screen it got, committed before the answer leaves. Returns false when a
 * concurrent copy of the same hop got there first (its screen is then the answer).
 */
export async function insertUssdHop(db: Queryable, message: InboundMessage, screen: string): Promise<boolean> {
  const content = { screen, sessionId: message.ussd?.sessionId, serviceCode: message.ussd?.serviceCode };
  const result = await db.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, content, status, processed_at)
     VALUES ('in', 'africastalking-ussd', $1, (SELECT patient_id FROM patient_identities WHERE kind = 'phone' AND address = $1), $2, $3, $4::jsonb, 'received', now())
     ON CONFLICT (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [message.contactAddress, message.providerMessageId, message.text ?? '', JSON.stringify(content)],
  );
  return result.rows.length > 0;
}
