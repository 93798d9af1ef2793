import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { startTestGateway, type TestGateway, type TestResponse } from '../../bot-gateway/test/gateway-harness';
import { measureClosedLoop } from '../lib/measure-closed-loop';
import { percentile } from '../lib/percentile';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

/**
 * Inbound webhooks on real PostgreSQL and Redis (BullMQ inbox, Redis USSD sessions): how many the
 * gateway acknowledges per second and how long a provider waits, with every secret enforced and
 * the conversation step draining the inbox at the same time. Short on purpose: the machine is shared.
 * Run: node --import tsx bench/gateway-inbound/gateway-inbound.bench.ts
 */
const SECTION = 'bot-gateway inbound (webhooks, USSD)';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Figure {
  name: string;
  requests: number;
  concurrency: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  /** Each round's req/s and p99, for the channels measured in rounds. */
  rounds?: string;
}

async function measure(
  name: string,
  requests: number,
  concurrency: number,
  call: (index: number) => Promise<TestResponse[]>,
): Promise<Figure> {
  const result = await measureClosedLoop({ calls: requests, concurrency, failed: (status) => status !== 200 }, call);
  const at = (percent: number) => Math.round(percentile(result.latencies, percent) * 10) / 10;
  return {
    name,
    requests: result.latencies.length,
    concurrency,
    perSecond: Math.round(result.latencies.length / result.seconds),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    failures: result.failures,
  };
}

const ROUNDS = 3;
const WEBHOOKS_PER_RUN = 2000;

type Webhook = (n: number) => Promise<TestResponse>;

function webhooks(gateway: TestGateway): { name: string; send: Webhook }[] {
  const phone = (n: number) => `+2547${String(n).padStart(8, '0')}`;
  return [
    {
      name: "Africa's Talking SMS (token)",
      send: (n) =>
        gateway.postAfricasTalking('/webhooks/africastalking/sms', {
          from: phone(n),
          to: '21525',
          text: 'Bonjour',
          id: `bench-at-${n}`,
          date: '2026-11-26 10:00:00',
        }),
    },
    {
      name: 'Twilio SMS (X-Twilio-Signature)',
      send: (n) =>
        gateway.postTwilio('/webhooks/twilio/messages', {
          MessageSid: `SMbench${n}`,
          From: phone(1_000_000 + n),
          To: '+15005550006',
          Body: 'Bonjour',
          NumMedia: '0',
        }),
    },
    {
      name: 'Meta WhatsApp (X-Hub-Signature-256)',
      send: (n) =>
        gateway.postMeta({
          object: 'whatsapp_business_account',
          entry: [
            {
              changes: [
                {
                  field: 'messages',
                  value: {
                    messages: [
                      {
                        from: `23320${String(n).padStart(7, '0')}`,
                        id: `wamid.bench-${n}`,
                        timestamp: '1764150000',
                        type: 'text',
                        text: { body: 'Bonjour' },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        }),
    },
  ];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Every channel is warmed up before any is measured, then measured in ROUNDS rounds in a rotating order
 * (each starting with an empty inbox); the table gives each figure's median over the rounds, so no channel
 * pays for going first or for another channel's backlog.
 */
async function main(): Promise<void> {
  const gateway: TestGateway = await startTestGateway({
    env: { REDIS_URL, LOG_LEVEL: 'silent' },
    keyPrefix: `bench-${randomUUID()}`,
  });
  const figures: Figure[] = [];
  try {
    const channels = webhooks(gateway);
    let next = 0;
    const fresh = () => (next += 1);
    for (const channel of channels) await measure('warm-up', 300, 50, async () => [await channel.send(fresh())]);
    const runs = new Map<string, Figure[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let offset = 0; offset < channels.length; offset += 1) {
        const channel = channels[(round + offset) % channels.length];
        if (!channel) continue;
        await gateway.settle();
        const figure = await measure(channel.name, WEBHOOKS_PER_RUN, 50, async () => [await channel.send(fresh())]);
        runs.set(channel.name, [...(runs.get(channel.name) ?? []), figure]);
      }
    }
    for (const channel of channels) {
      const measured = runs.get(channel.name) ?? [];
      const middle = (pick: (figure: Figure) => number) => median(measured.map(pick));
      figures.push({
        name: channel.name,
        requests: measured.reduce((sum, figure) => sum + figure.requests, 0),
        concurrency: 50,
        perSecond: middle((figure) => figure.perSecond),
        p50: middle((figure) => figure.p50),
        p95: middle((figure) => figure.p95),
        p99: middle((figure) => figure.p99),
        failures: measured.reduce((sum, figure) => sum + figure.failures, 0),
        rounds: measured.map((figure) => `${figure.perSecond}/s p99 ${figure.p99}`).join(', '),
      });
    }
    const drainStarted = performance.now();
    await gateway.settle();
    const drained =
      (await gateway.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE direction = 'out'`))[0]?.n ?? 0;
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const phone = (n: number) => `+2547${String(n).padStart(8, '0')}`;
    figures.push(
      await measure('USSD hop (3-hop sessions: dial, language, menu item)', 300, 30, async (n) => {
        const hop = (text: string) =>
          gateway.postAfricasTalking('/webhooks/africastalking/ussd', {
            sessionId: `bench-${n}`,
            serviceCode: '*384*123#',
            phoneNumber: phone(200_000 + n),
            text,
          });
        return [await hop(''), await hop('2'), await hop('2*1')];
      }),
    );
    console.table(figures);
    await writeSection(
      figures,
      [
        `${drained} replies were queued by the conversation step; the inbox had drained ${drainSeconds.toFixed(1)} s after the last webhook.`,
        '',
        targetVerdict(figures.filter((figure) => !figure.name.startsWith('USSD'))),
      ].join('\n'),
    );
  } finally {
    await gateway.close();
  }
}

/** Issue 3's targets for inbound messages (USSD hops answer with a screen and are measured apart). */
function targetVerdict(inbound: Figure[]): string {
  const rates = inbound.map((figure) => figure.perSecond);
  const tails = inbound.map((figure) => figure.p99);
  const range = (values: number[], unit: string) => `${Math.min(...values)}-${Math.max(...values)}${unit}`;
  const rateMet = Math.min(...rates) >= 1000;
  const tailMet = Math.max(...tails) <= 100;
  return `Targets (issue 3: >= 1,000 webhooks/s with p99 ack <= 100 ms, per channel) on this machine (${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores): throughput ${rateMet ? 'met' : 'not met'} (${range(rates, '/s')}), p99 ${tailMet ? 'met' : 'not met'} (${range(tails, ' ms')}).`;
}

async function writeSection(figures: Figure[], note: string): Promise<void> {
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${f.requests} | ${f.concurrency} | ${f.perSecond} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.failures} | ${f.rounds ?? '-'} |`,
  );
  await writeBenchmarkSection(
    renderTableSection({
      title: SECTION,
      intro: [
        `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/gateway-inbound/gateway-inbound.bench.ts\`: the gateway in-process with every provider secret enforced, real PostgreSQL 15 and Redis 7 on loopback (BullMQ inbox, Redis USSD sessions), the load driver in the same process (a worker-thread driver measured lower here: it takes the core PostgreSQL and Redis need), on a 2-core machine shared with other work. Every channel is warmed up (300 webhooks each) before any is measured; then ${ROUNDS} rounds of ${WEBHOOKS_PER_RUN} webhooks per channel in a rotating order, each run starting with an empty inbox; req/s and latencies are the medians over the rounds (each round in the last column). Latency is what the provider waits for its acknowledgement (for USSD: the next screen), per request. The conversation step drains the inbox concurrently.`,
      ],
      columns: [
        'webhook',
        'requests',
        'concurrency',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'non-200',
        'rounds (req/s, p99 ms)',
      ],
      rows,
      notes: [note],
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
