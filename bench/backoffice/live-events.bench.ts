import { cpus, loadavg } from 'node:os';
import { startBrowserStack } from '../../backoffice/test/browser-stack';
import buildBackofficeIfStale from '../../backoffice/test/global-setup';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';
import { tableRow, type ResultRow } from './latency-stats';
import { measureSocketFanout } from './socket-fanout';
import { measureWebhookToBrowser } from './webhook-to-browser';

/**
 * Live events end to end, loopback only, bounded (about a minute once `next build` is done):
 *  (a) a patient's signed SMS webhook → the text rendered in a practitioner's open page in headless Chromium;
 *  (b) 500 practitioner sockets on one back-office instance, then on two instances sharing Redis, every
 *      delivery counted against what each socket should get.
 * Run: node --import tsx bench/backoffice/live-events.bench.ts
 */
const SECTION = 'Back office live events';
const MESSAGES = 50;
const SOCKETS = 500;
const EVENTS = 100;
const TARGET_P95_MS = 200;

async function main(): Promise<void> {
  const startedAt = Date.now();
  buildBackofficeIfStale();
  const loadBefore = loadavg();
  const stack = await startBrowserStack({ withGateway: true });
  const guard = setTimeout(() => {
    console.error('the benchmark took more than 3 minutes: stopped');
    process.exit(1);
  }, 180_000);
  guard.unref();
  try {
    const browserRows = await measureWebhookToBrowser(stack, MESSAGES);
    const fanoutRows = await measureSocketFanout(stack, { sockets: SOCKETS, events: EVENTS });
    const rows = [...browserRows, ...fanoutRows];
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    await writeSection(rows, { loadBefore, loadAfter: loadavg(), seconds });
    console.log(rows.map(tableRow).join('\n'));
  } finally {
    await stack.close();
  }
}

async function writeSection(
  rows: ResultRow[],
  run: { loadBefore: number[]; loadAfter: number[]; seconds: number },
): Promise<void> {
  const rendered = rows.find((row) => row.measurement.includes('rendered'));
  const p95 = rendered?.latency.p95 ?? Number.NaN;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  await writeBenchmarkSection(
    [
      `## ${SECTION}`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/backoffice/live-events.bench.ts\` (${run.seconds} s in all). **${cpus().length} CPU cores shared with other engineers' work** (load average ${load(run.loadBefore)} before, ${load(run.loadAfter)} after); everything on loopback: core-api on PostgreSQL 15, the bot-gateway with its send worker and the provider simulator in the bench process, \`backoffice/server.ts\` as its own process(es) on one Redis 7 live-event channel, headless Chromium, and the socket.io clients in the bench process.`,
      '',
      `- Webhook rows: a French SMS patient in an open consultation (first contact, consent, menu "ask a doctor", a first question routed to the practitioner); then ${MESSAGES} messages one after another (3 warm-up messages not counted), each waiting for the flow's SMS reply before the next. Latency starts just before the simulator signs and posts the Africa's Talking webhook and ends when a MutationObserver in the practitioner's already-open consultation page sees the text added to the DOM (Date.now() on both sides, same machine): gateway flow → core-api (stores the message, publishes consultation.message: log row + Redis) → back-office socket → the page re-reads the consultation through the BFF → React renders.`,
      `- Socket rows: ${SOCKETS} practitioners, one socket each (authenticated by its ml_access cookie at core-api), published one after another 10 ms apart by the same publisher core-api uses; every 25th event goes to all ${SOCKETS} practitioner rooms, the others to 10 each. Then the same practitioners also connect to a second back-office instance (${SOCKETS * 2} sockets): each instance relays the Redis channel to its own sockets only. "expected" counts the socket deliveries the rooms call for, "received" the distinct ones that arrived (a delivery to a socket not meant for it stops the run). Latency: publish call → event handled by the client.`,
      '',
      '| measurement | events | deliveries expected | received | duplicates | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(tableRow),
      '',
      `Target webhook → rendered p95 <= ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'not met'} (${p95} ms).`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
