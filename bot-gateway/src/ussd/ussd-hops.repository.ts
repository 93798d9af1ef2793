import type { Db, Queryable } from '@medlink/platform/db';
import { toJsonbText } from '@medlink/platform/postgres-text';
import type { InboundMessage } from '../channels/types';

/** The screens of logged hops, by hop id (`<sessionId>:<input count>`). Exported for its query-plan test. */
export const USSD_HOP_SCREENS_SQL = `SELECT provider_message_id AS id, content->>'screen' AS screen FROM messages
  WHERE provider_message_id = ANY($1::text[]) AND direction = 'in' AND channel = 'africastalking-ussd'`;

/** The screens logged for these hops (same session, same input count), by hop id. */
export async function findUssdHopScreens(db: Queryable, providerMessageIds: string[]): Promise<Map<string, string>> {
  const result = await db.query<{ id: string; screen: string | null }>(USSD_HOP_SCREENS_SQL, [providerMessageIds], {
    name: 'ussd-hop-screens',
  });
  return new Map(result.rows.map((row) => [row.id, row.screen ?? '']));
}

interface LoggedHop {
  message: InboundMessage;
  screen: string;
}

export interface UssdHopLog {
  /**
   * Queues the hop and its screen for the log. Resolves at once while the queue is short; when PostgreSQL
   * falls behind (or is down) past `maxPending` rows, hops wait for the queue to drain instead of growing it.
   */
  append(message: InboundMessage, screen: string): Promise<void>;
  /** Resolves once everything queued so far is written (or `timeoutMs` passed: PostgreSQL may be down). */
  drain(timeoutMs?: number): Promise<void>;
  /** Drains, then stops retrying. */
  close(timeoutMs?: number): Promise<void>;
  pending(): number;
}

const MAX_BATCH = 200;
/**
 * A batch waits this long for more hops before it is written. A statement costs PostgreSQL far more than a row
 * (at 2,600 hops/s, writing as soon as the last INSERT returned made batches of a few rows, ~0.2 ms of database
 * CPU per USSD session); the log is behind the answers, so the wait delays no one.
 */
const GATHER_MS = 20;
const RETRY_MS = 250;

/**
 * The USSD hop log, written behind the answers (issue 3: "the plain hop log may be written in batches").
 * A hop's consequences (consent, a triage record, a booking) are committed by core-api before its screen
 * leaves; the log is the trace of what was shown, and duplicates of a hop are answered from the session
 * store, so no answer waits for this INSERT. Hops gathered for a few milliseconds go together in one
 * multi-row INSERT; a failed batch is retried until it is written.
 */
export function createUssdHopLog(
  db: Db,
  options: { maxPending?: number; gatherMs?: number; onError?: (error: unknown) => void } = {},
): UssdHopLog {
  const maxPending = options.maxPending ?? 5_000;
  const gatherMs = options.gatherMs ?? GATHER_MS;
  let queue: LoggedHop[] = [];
  let writing: Promise<void> | undefined;
  let waitingForRoom: (() => void)[] = [];
  let isClosed = false;
  const releaseWaiting = () => {
    if (queue.length >= maxPending) return;
    const waiting = waitingForRoom;
    waitingForRoom = [];
    for (const resolve of waiting) resolve();
  };
  const writeQueued = async (): Promise<void> => {
    while (queue.length > 0) {
      if (queue.length < MAX_BATCH && gatherMs > 0 && !isClosed)
        await new Promise((resolve) => setTimeout(resolve, gatherMs));
      const batch = queue.slice(0, MAX_BATCH);
      try {
        await insertUssdHops(db, batch);
        queue = queue.slice(batch.length);
        releaseWaiting();
      } catch (error) {
        options.onError?.(error);
        if (isClosed) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
  const startWriting = () => {
    writing ??= writeQueued().finally(() => {
      writing = undefined;
    });
    return writing;
  };
  return {
    append(message, screen) {
      queue.push({ message, screen });
      void startWriting();
      if (queue.length <= maxPending) return Promise.resolve();
      return new Promise((resolve) => waitingForRoom.push(resolve));
    },
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while ((queue.length > 0 || writing) && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const pause = new Promise((resolve) => {
          timer = setTimeout(resolve, Math.max(1, Math.min(RETRY_MS, deadline - Date.now())));
        });
        await Promise.race([writing ?? startWriting(), pause]);
        clearTimeout(timer);
      }
    },
    async close(timeoutMs = 10_000) {
      await this.drain(timeoutMs);
      isClosed = true;
      await writing;
      releaseWaiting();
      for (const resolve of waitingForRoom) resolve();
    },
    pending: () => queue.length,
  };
}

async function insertUssdHops(db: Queryable, hops: LoggedHop[]): Promise<void> {
  const rows = hops.map(({ message, screen }) => ({
    address: message.contactAddress,
    id: message.providerMessageId,
    body: message.text ?? '',
    content: { screen, sessionId: message.ussd?.sessionId, serviceCode: message.ussd?.serviceCode },
  }));
  // The batch goes as one JSON document: one statement text for any batch size, so it is prepared once, and
  // one JSON.stringify instead of the driver escaping four text arrays element by element. A batch the
  // database refused would be retried forever and hold the log up: strings lose what jsonb cannot hold.
  // The hop log is a record of what was shown, not a consequence: its commit does not wait for the WAL
  // flush. A PostgreSQL crash (not a gateway crash) may lose the last fraction of a second of hop rows,
  // never a triage record, which core-api commits with the default durability.
  await db.query(
    `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, content, status, processed_at)
     SELECT 'in', 'africastalking-ussd', h.address, (SELECT patient_id FROM patient_identities WHERE kind = 'phone' AND address = h.address), h.id, h.body, h.content, 'received', now()
       FROM jsonb_to_recordset($1::jsonb) AS h (address text, id text, body text, content jsonb) CROSS JOIN relaxed
     ON CONFLICT (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING`,
    [toJsonbText(rows)],
    { name: 'ussd-hop-log-insert-json' },
  );
}
