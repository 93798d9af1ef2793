import type { Db, Queryable } from '@medlink/platform/db';
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

interface PendingHop {
  message: InboundMessage;
  screen: string;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

const batchers = new WeakMap<Db, { pending: PendingHop[]; isFlushing: boolean }>();
const MAX_BATCH = 100;

/**
 * insertUssdHop with group commit: hops arriving while a batch is being written go together in the next
 * multi-row INSERT, so under load the hop log costs one round trip for many answers. Each caller still
 * waits for its own row to be committed before its screen leaves.
 */
export function insertUssdHopBatched(db: Db, message: InboundMessage, screen: string): Promise<boolean> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = { pending: [], isFlushing: false };
    batchers.set(db, batcher);
  }
  const queue = batcher;
  const inserted = new Promise<boolean>((resolve, reject) => queue.pending.push({ message, screen, resolve, reject }));
  if (!queue.isFlushing) void flushHops(db, queue);
  return inserted;
}

async function flushHops(db: Db, queue: { pending: PendingHop[]; isFlushing: boolean }): Promise<void> {
  queue.isFlushing = true;
  while (queue.pending.length > 0) {
    const batch = queue.pending.splice(0, MAX_BATCH);
    try {
      const inserted = await insertUssdHops(db, batch);
      const claimed = new Set<string>();
      for (const hop of batch) {
        const id = hop.message.providerMessageId;
        const isMine = inserted.has(id) && !claimed.has(id);
        claimed.add(id);
        hop.resolve(isMine);
      }
    } catch (error) {
      for (const hop of batch) hop.reject(error);
    }
  }
  queue.isFlushing = false;
}

async function insertUssdHops(db: Queryable, hops: PendingHop[]): Promise<Set<string>> {
  const values: unknown[] = [];
  const rows = hops.map((hop, index) => {
    const base = index * 4;
    const content = {
      screen: hop.screen,
      sessionId: hop.message.ussd?.sessionId,
      serviceCode: hop.message.ussd?.serviceCode,
    };
    values.push(
      hop.message.contactAddress,
      hop.message.providerMessageId,
      hop.message.text ?? '',
      JSON.stringify(content),
    );
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb)`;
  });
  // The hop log is the duplicate-hop guard and a record of what was shown, not a consequence: its commit
  // does not wait for the WAL flush (about 3 ms per commit here). Rows are visible, and conflicts decided,
  // as soon as they commit; a PostgreSQL crash (not a gateway crash) may lose the last fraction of a
  // second of hop rows, never a triage record, which core-api commits with the default durability.
  const result = await db.query<{ provider_message_id: string }>(
    `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, content, status, processed_at)
     SELECT 'in', 'africastalking-ussd', v.address, (SELECT patient_id FROM patient_identities WHERE kind = 'phone' AND address = v.address), v.id, v.body, v.content, 'received', now()
       FROM (VALUES ${rows.join(', ')}) AS v (address, id, body, content) CROSS JOIN relaxed
     ON CONFLICT (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
     RETURNING provider_message_id`,
    values,
  );
  return new Set(result.rows.map((row) => row.provider_message_id));
}
