import { z } from 'zod';
import type { Db } from '@medlink/platform/db';
import type { ScenarioResult } from './chaos-scenario';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Nothing could be checked (the feature is not wired); reported, neither passed nor failed. */
  skipped?: boolean;
  detail: string;
}

export interface OutboundFigures {
  sentRows: number;
  providerRecords: number;
  distinctKeys: number;
  resendsAbsorbedByProvider: number;
  stuckRows: number;
  failedRows: number;
}

const simulatorStats = z.object({
  received: z.number(),
  distinctIdempotencyKeys: z.number(),
  duplicatesSuppressed: z.number(),
});
const received = z.array(z.object({ channel: z.string(), to: z.string(), providerMessageId: z.string() }));

/** Every 2xx-acknowledged inbound message and USSD hop has its row. */
export async function checkNothingLost(db: Db, result: ScenarioResult): Promise<CheckResult> {
  const wanted = [
    ...result.acked.map((message) => ({ channel: message.channel, id: message.providerMessageId })),
    ...result.sessions.flatMap((session) => session.ackedHops.map((id) => ({ channel: 'africastalking-ussd', id }))),
  ];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const batch = wanted.slice(i, i + 500);
    const rows = await db.query<{ channel: string; provider_message_id: string }>(
      `SELECT channel, provider_message_id FROM messages WHERE direction = 'in' AND provider_message_id = ANY($1::text[])`,
      [batch.map((entry) => entry.id)],
    );
    for (const row of rows.rows) found.add(`${row.channel}|${row.provider_message_id}`);
  }
  const missing = wanted.filter((entry) => !found.has(`${entry.channel}|${entry.id}`));
  return {
    name: 'no acknowledged inbound message lost',
    ok: missing.length === 0 && wanted.length > 0,
    detail:
      `${wanted.length - missing.length}/${wanted.length} acknowledged webhooks have their row` +
      (missing.length
        ? `; missing e.g. ${missing
            .slice(0, 3)
            .map((m) => `${m.channel}:${m.id}`)
            .join(', ')}`
        : ''),
  };
}

/** No idempotency key recorded twice by the fake providers, and every sent row was received exactly once. */
export async function checkNoDoubleSend(
  db: Db,
  simulatorUrl: string,
): Promise<{ check: CheckResult; figures: OutboundFigures }> {
  const stats = simulatorStats.parse(await (await fetch(`${simulatorUrl}/api/stats`)).json());
  const records = received.parse(await (await fetch(`${simulatorUrl}/api/received`)).json());
  const rows = await db.query<{ sent: number; stuck: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('sent', 'delivered', 'read'))::int AS sent,
            count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS stuck,
            count(*) FILTER (WHERE status IN ('failed', 'dead'))::int AS failed
       FROM messages WHERE direction = 'out'`,
  );
  const row = rows.rows[0] ?? { sent: 0, stuck: 0, failed: 0 };
  const providerIds = new Set(records.map((record) => `${record.channel}|${record.providerMessageId}`));
  const figures: OutboundFigures = {
    sentRows: row.sent,
    providerRecords: stats.received,
    distinctKeys: stats.distinctIdempotencyKeys,
    resendsAbsorbedByProvider: stats.duplicatesSuppressed,
    stuckRows: row.stuck,
    failedRows: row.failed,
  };
  const isOnce =
    stats.received === stats.distinctIdempotencyKeys &&
    providerIds.size === records.length &&
    row.sent === stats.received;
  return {
    check: {
      name: 'no outbound message sent twice',
      ok: isOnce && row.stuck === 0 && stats.received > 0,
      detail:
        `${stats.received} provider records, ${stats.distinctIdempotencyKeys} distinct idempotency keys, ${row.sent} rows sent, ` +
        `${row.stuck} rows still queued/sending, ${row.failed} failed/dead; ${stats.duplicatesSuppressed} re-sends answered from the provider's idempotency cache`,
    },
    figures,
  };
}

/** Every session finished with the same screens as the reference session, wherever its hops landed. */
export function checkUssdContinuity(result: ScenarioResult): CheckResult {
  const expected = JSON.stringify(result.reference.screens);
  const incomplete = result.sessions.filter((session) => !session.completed);
  const wrong = result.sessions.filter((session) => session.completed && JSON.stringify(session.screens) !== expected);
  const crossing = result.sessions.filter((session) => session.completed && new Set(session.instances).size > 1);
  const crossingOk = crossing.filter((session) => JSON.stringify(session.screens) === expected);
  const example = wrong[0] ?? incomplete[0];
  return {
    name: 'USSD sessions carry on across instances',
    ok: incomplete.length === 0 && wrong.length === 0 && crossing.length > 0,
    detail:
      `${result.sessions.length} sessions: ${crossingOk.length}/${crossing.length} crossing gateways continued correctly, ` +
      `${wrong.length} diverged, ${incomplete.length} did not finish` +
      (example
        ? `; e.g. ${example.sessionId}: ${example.error ?? JSON.stringify(example.screens.map((s) => s.slice(0, 40)))}`
        : ''),
  };
}
