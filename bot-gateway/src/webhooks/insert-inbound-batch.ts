import type { Queryable } from '@medlink/platform/db';
import type { IdentityKind, InboundMessage } from '../channels/types';
import { groupCalls } from '@medlink/platform/group-calls';
import { toJsonbText, withoutNul } from '@medlink/platform/postgres-text';

export interface InboundToStore {
  message: InboundMessage;
  identityKind: IdentityKind;
}

/**
 * Stores inbound messages with group commit: the webhooks that arrive while a previous INSERT commits are
 * stored together by one multi-row INSERT (one WAL flush for all of them). Each caller still gets its answer
 * only after its row is committed, and a redelivery (same channel + provider id, in the table or earlier in the
 * same batch) inserts nothing and answers undefined.
 */
export function createInboundInserter(db: Queryable): (input: InboundToStore) => Promise<string | undefined> {
  return groupCalls((inputs: InboundToStore[]) => insertInboundRows(db, inputs), {
    maxBatch: 200,
    maxInFlight: 4,
    // Nothing of a failed batch was stored: one webhook the database refuses must not fail the others.
    onFailure: 'retry-one-by-one',
  });
}

async function insertInboundRows(db: Queryable, inputs: InboundToStore[]): Promise<(string | undefined)[]> {
  const columns = {
    channel: [] as string[],
    contact: [] as string[],
    kind: [] as string[],
    providerId: [] as string[],
    body: [] as (string | null)[],
    content: [] as string[],
  };
  for (const { message, identityKind } of inputs) {
    columns.channel.push(message.channel);
    columns.contact.push(message.contactAddress);
    columns.kind.push(identityKind);
    columns.providerId.push(message.providerMessageId);
    columns.body.push(message.text === undefined ? null : withoutNul(message.text));
    columns.content.push(toJsonbText(contentOf(message)));
  }
  const result = await db.query<{ id: string; channel: string; provider_message_id: string }>(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, content, status)
     SELECT 'in', v.channel, v.contact, (SELECT patient_id FROM patient_identities WHERE kind = v.kind AND address = v.contact),
            v.provider_id, v.body, v.content::jsonb, 'received'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v(channel, contact, kind, provider_id, body, content)
     ON CONFLICT (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
     RETURNING id, channel, provider_message_id`,
    [columns.channel, columns.contact, columns.kind, columns.providerId, columns.body, columns.content],
    { name: 'inbound-messages-insert' },
  );
  const inserted = new Map(result.rows.map((row) => [`${row.channel}\n${row.provider_message_id}`, row.id]));
  // Only the first of two identical deliveries in one batch is the stored one; the second is a duplicate.
  return inputs.map(({ message }) => {
    const key = `${message.channel}\n${message.providerMessageId}`;
    const id = inserted.get(key);
    inserted.delete(key);
    return id;
  });
}

function contentOf(message: InboundMessage): Record<string, unknown> {
  return {
    ...(message.media ? { media: message.media } : {}),
    ...(message.location ? { location: message.location } : {}),
    ...(message.replyId ? { replyId: message.replyId } : {}),
    receivedAt: message.receivedAt.toISOString(),
  };
}
