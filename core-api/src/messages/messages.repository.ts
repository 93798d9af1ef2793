import type { Queryable } from '@medlink/platform/db';

export interface MessageRow {
  id: string;
  direction: 'in' | 'out';
  channel: string;
  contact_address: string;
  patient_id: string | null;
  consultation_id: string | null;
  author_practitioner_id: string | null;
  provider_message_id: string | null;
  body: string | null;
  content: Record<string, unknown>;
  segments: number | null;
  encoding: string | null;
  status: string;
  status_reason: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

export interface StatusEventRow {
  message_id: string;
  status: string;
  reason: string | null;
  provider_status: string | null;
  at: Date;
}

const MESSAGE_COLUMNS = `m.id, m.direction, m.channel, m.contact_address, m.patient_id, m.consultation_id, m.author_practitioner_id,
  m.provider_message_id, m.body, m.content, m.segments, m.encoding, m.status, m.status_reason, m.attempts, m.created_at, m.updated_at`;

export interface NewOutboundMessage {
  patientId: string;
  consultationId: string | null;
  channel: string;
  contactAddress: string;
  body: string;
  content: Record<string, unknown>;
  authorPractitionerId: string | null;
  idempotencyKey: string;
  segments: number | null;
  encoding: string | null;
}

/** The outbox insert: a repeated idempotency key returns the row already queued, and `created: false`. */
export async function insertOutboundMessage(
  db: Queryable,
  message: NewOutboundMessage,
): Promise<{ row: MessageRow; created: boolean }> {
  const inserted = await db.query<MessageRow>(
    `INSERT INTO messages AS m (direction, channel, contact_address, patient_id, consultation_id, author_practitioner_id, body, content,
       segments, encoding, status, idempotency_key, next_attempt_at)
     VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10, now())
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${MESSAGE_COLUMNS}`,
    [
      message.channel,
      message.contactAddress,
      message.patientId,
      message.consultationId,
      message.authorPractitionerId,
      message.body,
      JSON.stringify(message.content),
      message.segments,
      message.encoding,
      message.idempotencyKey,
    ],
  );
  const row = inserted.rows[0];
  if (row) {
    await db.query(`INSERT INTO message_status_events (message_id, status) VALUES ($1, 'queued')`, [row.id]);
    return { row, created: true };
  }
  const existing = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.idempotency_key = $1`,
    [message.idempotencyKey],
  );
  const found = existing.rows[0];
  if (!found) throw new Error('idempotency key conflict without a row');
  return { row: found, created: false };
}

export async function insertInboundMessage(
  db: Queryable,
  message: { patientId: string; consultationId: string; channel: string; contactAddress: string; body: string },
): Promise<MessageRow> {
  const result = await db.query<MessageRow>(
    `INSERT INTO messages AS m (direction, channel, contact_address, patient_id, consultation_id, body, status)
     VALUES ('in', $1, $2, $3, $4, $5, 'received')
     RETURNING ${MESSAGE_COLUMNS}`,
    [message.channel, message.contactAddress, message.patientId, message.consultationId, message.body],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  await markHandledForGateway(db, row.id);
  return row;
}

/**
 * The gateway's migration adds `messages.processed_at` and re-runs its flow on inbound rows where it is NULL.
 * A row core-api stores for the gateway is already handled; the column may not exist (core-api alone).
 */
async function markHandledForGateway(db: Queryable, messageId: string): Promise<void> {
  const column = await db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'messages' AND column_name = 'processed_at'`,
  );
  if (column.rowCount > 0) await db.query('UPDATE messages SET processed_at = now() WHERE id = $1', [messageId]);
}

/** Links an inbound row the gateway already stored; only the patient's own, not yet in another consultation. */
export async function linkInboundMessage(
  db: Queryable,
  input: { messageId: string; patientId: string; consultationId: string },
): Promise<MessageRow | undefined> {
  const result = await db.query<MessageRow>(
    `UPDATE messages m SET consultation_id = $3, patient_id = $2, updated_at = now()
     WHERE m.id = $1 AND m.direction = 'in' AND (m.patient_id IS NULL OR m.patient_id = $2) AND (m.consultation_id IS NULL OR m.consultation_id = $3)
     RETURNING ${MESSAGE_COLUMNS}`,
    [input.messageId, input.patientId, input.consultationId],
  );
  return result.rows[0];
}

export async function findMessagesOfConsultation(db: Queryable, consultationId: string): Promise<MessageRow[]> {
  const result = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.consultation_id = $1 ORDER BY m.created_at, m.id`,
    [consultationId],
  );
  return result.rows;
}

export async function findStatusEvents(db: Queryable, messageIds: string[]): Promise<Map<string, StatusEventRow[]>> {
  const byMessage = new Map<string, StatusEventRow[]>();
  if (messageIds.length === 0) return byMessage;
  const result = await db.query<StatusEventRow>(
    `SELECT message_id, status, reason, provider_status, at FROM message_status_events WHERE message_id = ANY($1::uuid[]) ORDER BY at, id`,
    [messageIds],
  );
  for (const row of result.rows) byMessage.set(row.message_id, [...(byMessage.get(row.message_id) ?? []), row]);
  return byMessage;
}

export interface MessageLogFilter {
  contact?: string;
  channel?: string;
  since?: Date;
  direction?: 'in' | 'out';
  status?: string;
  after?: { sortKey: string; id: string };
  limit: number;
}

/** Newest first; `sort_key` is the exact timestamp as text, so the keyset cursor loses no microseconds. */
export async function findMessageLog(
  db: Queryable,
  filter: MessageLogFilter,
): Promise<(MessageRow & { sort_key: string })[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.contact) add('m.contact_address = ?', filter.contact);
  if (filter.channel) add('m.channel = ?', filter.channel);
  if (filter.since) add('m.created_at >= ?', filter.since);
  if (filter.direction) add('m.direction = ?', filter.direction);
  if (filter.status) add('m.status = ?', filter.status);
  if (filter.after) {
    params.push(filter.after.sortKey, filter.after.id);
    conditions.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(filter.limit + 1);
  const result = await db.query<MessageRow & { sort_key: string }>(
    `SELECT ${MESSAGE_COLUMNS}, m.created_at::text AS sort_key FROM messages m
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}

export async function requeueDeadMessage(db: Queryable, messageId: string): Promise<MessageRow | undefined> {
  const result = await db.query<MessageRow>(
    `UPDATE messages m SET status = 'queued', status_reason = NULL, next_attempt_at = now(), updated_at = now()
     WHERE m.id = $1 AND m.direction = 'out' AND m.status = 'dead'
     RETURNING ${MESSAGE_COLUMNS}`,
    [messageId],
  );
  const row = result.rows[0];
  if (row)
    await db.query(
      `INSERT INTO message_status_events (message_id, status, reason) VALUES ($1, 'queued', 'manual retry')`,
      [row.id],
    );
  return row;
}

export async function findMessageById(db: Queryable, messageId: string): Promise<MessageRow | undefined> {
  const result = await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = $1`, [messageId]);
  return result.rows[0];
}

/** The channel the patient last used, for messages that do not name one. */
export async function findLatestInboundChannel(db: Queryable, patientId: string): Promise<string | undefined> {
  const result = await db.query<{ channel: string }>(
    `SELECT channel FROM messages WHERE patient_id = $1 AND direction = 'in' ORDER BY created_at DESC LIMIT 1`,
    [patientId],
  );
  return result.rows[0]?.channel;
}

export interface PatientContactRow {
  id: string;
  preferred_language: 'fr' | 'en';
  display_name: string | null;
  opted_out_at: Date | null;
  erased_at: Date | null;
}

export async function findPatientForMessaging(
  db: Queryable,
  patientId: string,
  options: { lock?: boolean } = {},
): Promise<PatientContactRow | undefined> {
  const result = await db.query<PatientContactRow>(
    `SELECT id, preferred_language, display_name, opted_out_at, erased_at FROM patients WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
    [patientId],
  );
  return result.rows[0];
}

export async function findIdentityAddress(
  db: Queryable,
  patientId: string,
  kind: 'phone' | 'whatsapp',
): Promise<string | undefined> {
  const result = await db.query<{ address: string }>(
    `SELECT address FROM patient_identities WHERE patient_id = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1`,
    [patientId, kind],
  );
  return result.rows[0]?.address;
}

/** When the patient last wrote on a channel: WhatsApp's 24-hour window counts from there. */
export async function findLastInboundAt(db: Queryable, patientId: string, channel: string): Promise<Date | null> {
  const result = await db.query<{ at: Date | null }>(
    `SELECT max(created_at) AS at FROM messages WHERE patient_id = $1 AND channel = $2 AND direction = 'in'`,
    [patientId, channel],
  );
  return result.rows[0]?.at ?? null;
}
