import type { Db, Queryable } from '@medlink/platform/db';
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
const RETRY_MS = 250;

/**
 * The USSD hop log, written behind the answers (issue 3: "the plain hop log may be written in batches").
 * A hop's consequences (consent, a triage record, a booking) are committed by core-api before its screen
 * leaves; the log is the trace of what was shown, and duplicates of a hop are answered from the session
 * store, so no answer waits for this INSERT. Hops that arrive while a batch is written go together in the
 * next multi-row INSERT; a failed batch is retried until it is written.
 */
export function createUssdHopLog(
  db: Db,
  options: { maxPending?: number; onError?: (error: unknown) => void } = {},
): UssdHopLog {
  const maxPending = options.maxPending ?? 5_000;
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
  const addresses: string[] = [];
  const ids: string[] = [];
  const bodies: string[] = [];
  const contents: string[] = [];
  for (const { message, screen } of hops) {
    addresses.push(message.contactAddress);
    ids.push(message.providerMessageId);
    bodies.push(message.text ?? '');
    contents.push(
      JSON.stringify({ screen, sessionId: message.ussd?.sessionId, serviceCode: message.ussd?.serviceCode }),
    );
  }
  // One statement text for any batch size (arrays, not a row of placeholders per hop), so it is prepared once.
  // The hop log is a record of what was shown, not a consequence: its commit does not wait for the WAL
  // flush. A PostgreSQL crash (not a gateway crash) may lose the last fraction of a second of hop rows,
  // never a triage record, which core-api commits with the default durability.
  await db.query(
    `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
     INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, content, status, processed_at)
     SELECT 'in', 'africastalking-ussd', v.address, (SELECT patient_id FROM patient_identities WHERE kind = 'phone' AND address = v.address), v.id, v.body, v.content::jsonb, 'received', now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v (address, id, body, content) CROSS JOIN relaxed
     ON CONFLICT (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING`,
    [addresses, ids, bodies, contents],
    { name: 'ussd-hop-log-insert' },
  );
}
