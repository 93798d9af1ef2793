import { z } from 'zod';
import type { Queryable } from '@medlink/platform/db';
import { CHANNEL_IDS, type OutboundContent } from '../channels/types';
import type { ConversationState } from './conversation-handler';

const inboundRowSchema = z.object({
  id: z.string(),
  channel: z.enum(CHANNEL_IDS),
  contact_address: z.string(),
  body: z.string().nullable(),
  content: z.object({
    replyId: z.string().optional(),
    location: z.object({ lat: z.number(), lon: z.number(), label: z.string().optional() }).optional(),
    media: z.array(z.object({ url: z.string(), contentType: z.string() })).optional(),
  }),
  processed_at: z.coerce.date().nullable(),
  created_at: z.coerce.date(),
});

export type InboundRow = z.infer<typeof inboundRowSchema>;

/** The columns of an InboundRow, as every statement that reads one selects or returns them. */
const INBOUND_ROW_COLUMNS = 'id, channel, contact_address, body, content, processed_at, created_at';

/** Locks the inbound row: two workers handed the same id serialise here and the second sees processed_at. */
export async function lockInboundMessage(tx: Queryable, id: string): Promise<InboundRow | undefined> {
  const result = await tx.query(
    `SELECT ${INBOUND_ROW_COLUMNS} FROM messages WHERE id = $1 AND direction = 'in' FOR UPDATE`,
    [id],
    { name: 'inbound-lock' },
  );
  const row = result.rows[0];
  return row ? inboundRowSchema.parse(row) : undefined;
}

const stateSchema = z.record(z.string(), z.unknown());

export async function findInboundMessage(db: Queryable, id: string): Promise<InboundRow | undefined> {
  const result = await db.query(
    `SELECT ${INBOUND_ROW_COLUMNS} FROM messages WHERE id = $1 AND direction = 'in'`,
    [id],
    { name: 'inbound-find' },
  );
  const row = result.rows[0];
  return row ? inboundRowSchema.parse(row) : undefined;
}

/**
 * Takes the conversation's lease for one step (created empty on first contact) and returns its state, or
 * undefined while another step holds an unexpired lease.
 */
export async function claimConversation(
  db: Queryable,
  input: { channel: string; contactAddress: string; owner: string; leaseMs: number },
): Promise<{ state: ConversationState | undefined } | undefined> {
  await db.query(
    `INSERT INTO gateway_conversations (channel, contact_address) VALUES ($1, $2) ON CONFLICT (channel, contact_address) DO NOTHING`,
    [input.channel, input.contactAddress],
  );
  const result = await db.query<{ state: unknown }>(
    `UPDATE gateway_conversations SET lease_owner = $3, lease_until = now() + $4 * interval '1 millisecond'
     WHERE channel = $1 AND contact_address = $2 AND (lease_until IS NULL OR lease_until < now())
     RETURNING state`,
    [input.channel, input.contactAddress, input.owner, input.leaseMs],
  );
  if (result.rows.length === 0) return undefined;
  const parsed = stateSchema.safeParse(result.rows[0]?.state);
  return { state: parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : undefined };
}

/** Inside the step's closing transaction: true while the lease is still this step's (locks the row). */
export async function holdsConversationLease(
  tx: Queryable,
  input: { channel: string; contactAddress: string; owner: string },
): Promise<boolean> {
  const result = await tx.query(
    `SELECT 1 FROM gateway_conversations WHERE channel = $1 AND contact_address = $2 AND lease_owner = $3 FOR UPDATE`,
    [input.channel, input.contactAddress, input.owner],
    { name: 'conversation-lease-held' },
  );
  return result.rows.length > 0;
}

export async function releaseConversation(
  db: Queryable,
  input: { channel: string; contactAddress: string; owner: string },
): Promise<void> {
  await db.query(
    `UPDATE gateway_conversations SET lease_owner = NULL, lease_until = NULL WHERE channel = $1 AND contact_address = $2 AND lease_owner = $3`,
    [input.channel, input.contactAddress, input.owner],
  );
}

/** Saves the conversation's state after a step and marks the inbound row it answered processed, in one statement. */
export async function saveConversationStep(
  tx: Queryable,
  input: { channel: string; contactAddress: string; state: ConversationState; lastInboundAt: Date; inboundId: string },
): Promise<void> {
  await tx.query(
    `WITH saved AS (
       UPDATE gateway_conversations
       SET state = $3::jsonb, last_inbound_at = GREATEST(last_inbound_at, $4), updated_at = now()
       WHERE channel = $1 AND contact_address = $2)
     UPDATE messages SET processed_at = now() WHERE id = $5`,
    [input.channel, input.contactAddress, JSON.stringify(input.state), input.lastInboundAt, input.inboundId],
    { name: 'conversation-step-save' },
  );
}

export interface OutboxRow {
  channel: string;
  contactAddress: string;
  content: OutboundContent;
  idempotencyKey: string;
  segments?: number;
  encoding?: string;
}

/** An outbox row for the send workers; the idempotency key makes a second insert of the same reply a no-op. */
export async function insertOutboxMessage(tx: Queryable, row: OutboxRow): Promise<void> {
  const { text, ...rest } = row.content;
  await tx.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, body, content, segments, encoding, status, idempotency_key, next_attempt_at)
     VALUES ('out', $1, $2, (SELECT patient_id FROM patient_identities WHERE address = $2 LIMIT 1), $3, $4::jsonb, $5, $6, 'queued', $7, now())
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      row.channel,
      row.contactAddress,
      text,
      JSON.stringify(rest),
      row.segments ?? null,
      row.encoding ?? null,
      row.idempotencyKey,
    ],
  );
}

/**
 * Counts one more attempt at an unprocessed inbound row and returns the row with its attempt number. Counted
 * outside the step's transaction, so a step that throws still leaves its mark.
 */
export async function countProcessAttempt(
  db: Queryable,
  id: string,
): Promise<{ attempt: number; row: InboundRow } | undefined> {
  const result = await db.query<{ process_attempts: number }>(
    `UPDATE messages SET process_attempts = process_attempts + 1 WHERE id = $1 AND direction = 'in' AND processed_at IS NULL
     RETURNING process_attempts, ${INBOUND_ROW_COLUMNS}`,
    [id],
    { name: 'inbound-count-attempt' },
  );
  const found = result.rows[0];
  if (!found) return undefined;
  const { process_attempts: attempt, ...row } = found;
  return { attempt, row: inboundRowSchema.parse(row) };
}

export async function markInboundProcessed(tx: Queryable, id: string): Promise<void> {
  await tx.query('UPDATE messages SET processed_at = now() WHERE id = $1', [id]);
}

/** Replies of one conversation step still waiting for the send worker. */
export async function countUnsentReplies(db: Queryable, inboundId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE direction = 'out' AND idempotency_key LIKE $1 AND status IN ('queued', 'sending')`,
    [`reply:${inboundId}:%`],
  );
  return result.rows[0]?.n ?? 0;
}
