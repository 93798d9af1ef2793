// Outbound throughput: outbox rows → relay → queue → claim → provider API (the simulator, in its own process) →
// provider id recorded. Real PostgreSQL and Redis; rate limits lifted. Writes its section of docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { openDb, type Db } from '@medlink/platform/db';
import { createLogger } from '@medlink/platform/logger';
import { migrate } from '@medlink/platform/migrate';
import { createTestDatabase } from '@medlink/platform/test-db';
import { readGatewayEnv } from '@medlink/bot-gateway/env';
import { startOutboxWorker } from '@medlink/bot-gateway/outbox/start-outbox-worker';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

const ROOT = path.join(__dirname, '..', '..');
const SECTION = 'bot-gateway outbound (outbox workers)';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const SECRETS = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'bench-token',
  TWILIO_SMS_FROM: '+15005550006',
  META_ACCESS_TOKEN: 'bench-meta',
  META_PHONE_NUMBER_ID: '1098765432',
};

interface Figure {
  name: string;
  messages: number;
  seconds: number;
  perSecond: number;
  meanCallMs: number;
  received: number;
  duplicates: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function simulatorJson(url: string, pathname: string, body?: unknown): Promise<Record<string, number>> {
  const response = await fetch(
    url + pathname,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (response.status === 204) return {};
  const parsed: unknown = await response.json();
  return typeof parsed === 'object' && parsed !== null
    ? Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'))
    : {};
}

async function queueRows(db: Db, channel: string, to: (i: number) => string, count: number): Promise<void> {
  if (channel.endsWith('whatsapp')) {
    // Each patient wrote within the last 24 hours, so the WhatsApp window check lets free-form replies through.
    await db.query(
      `INSERT INTO messages (direction, channel, contact_address, body, status, provider_message_id)
       SELECT 'in', $1, ($2::text[])[i], 'Bonjour', 'received', 'bench-in-' || i FROM generate_series(1, $3) AS i`,
      [channel, Array.from({ length: count }, (_, i) => to(i)), count],
    );
  }
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, body, status, idempotency_key, next_attempt_at)
     SELECT 'out', $1, ($2::text[])[i], 'Rappel : votre rendez-vous est demain à 9h. Reminder: your appointment is tomorrow at 9am.', 'queued', 'bench:' || gen_random_uuid()::text, now()
     FROM generate_series(1, $3) AS i`,
    [channel, Array.from({ length: count }, (_, i) => to(i)), count],
  );
}

async function run(
  name: string,
  db: Db,
  simulatorUrl: string,
  options: { redis: boolean; channel: string; to: (i: number) => string; messages?: number },
): Promise<Figure> {
  const messages = options.messages ?? MESSAGES;
  await fetch(`${simulatorUrl}/api/received`, { method: 'DELETE' });
  await db.query(`DELETE FROM messages`);
  await queueRows(db, options.channel, options.to, messages);
  const env = readGatewayEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    TWILIO_API_BASE: simulatorUrl,
    META_GRAPH_BASE: simulatorUrl,
    SEND_RATE_PER_SENDER: '0',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    ...(options.redis ? { REDIS_URL } : {}),
    ...SECRETS,
  });
  const metrics = new Registry();
  const started = process.hrtime.bigint();
  const worker = startOutboxWorker({
    env,
    db,
    logger: createLogger({ service: 'bench', level: 'silent' }),
    metrics,
    keyPrefix: `bench-${Date.now()}`,
    pollIntervalMs: 20,
  });
  for (;;) {
    const result = await db.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM messages WHERE status = 'sent'`,
    );
    if (Number(result.rows[0]?.count) >= messages) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await worker.close();
  const histogram = (await metrics.getSingleMetric('medlink_gateway_outbound_send_seconds')?.get())?.values ?? [];
  const sum = histogram.find((v) => 'metricName' in v && String(v.metricName).endsWith('_sum'))?.value ?? 0;
  const count = histogram.find((v) => 'metricName' in v && String(v.metricName).endsWith('_count'))?.value ?? 1;
  const stats = await simulatorJson(simulatorUrl, '/api/stats');
  return {
    name,
    messages,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(messages / seconds),
    meanCallMs: Math.round((sum / count) * 10000) / 10,
    received: stats.received ?? 0,
    duplicates: (stats.received ?? 0) - (stats.distinctIdempotencyKeys ?? 0),
  };
}

async function writeSection(figures: Figure[], load: { start: number; end: number }): Promise<void> {
  await writeBenchmarkSection(
    [
      `## ${SECTION}`,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/gateway/outbound-sends.bench.ts\`: ${MESSAGES} queued outbox rows per run drained by one worker (concurrency ${CONCURRENCY}, per-sender rate limit lifted) in-process, the provider simulator in its own process, real PostgreSQL 15 and Redis 7 on loopback, a 2-core machine shared with other work. Each message: relay lease, queue, claim (UPDATE … RETURNING, group-committed), render by its channel, the WhatsApp 24-hour check (one indexed query), provider call with its idempotency key, provider id recorded with its status event (group-committed). Target: >= 1,000 sends/s.`,
      '',
      `Machine load average (1 min) at start / end: ${load.start.toFixed(1)} / ${load.end.toFixed(1)}${load.start > 4 ? ' on 2 cores: most CPU time went to other work, so these figures understate the worker' : ''}.`,
      '',
      '| run | messages | seconds | sends/s | mean provider call ms | received by the simulator | sent twice |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...figures.map(
        (f) =>
          `| ${f.name} | ${f.messages} | ${f.seconds} | ${f.perSecond} | ${f.meanCallMs} | ${f.received} | ${f.duplicates} |`,
      ),
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const db = await openDb({ databaseUrl: database.url, poolSize: 24 });
  await migrate(db, { folder: path.join(ROOT, 'core-api', 'migrations'), set: 'core' });
  const port = await freePort();
  const simulator = spawn(process.execPath, ['--import', 'tsx', 'bot-gateway/src/simulator/main.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, ...SECRETS, SIMULATOR_PORT: String(port), GATEWAY_PORT: '9', LOG_LEVEL: 'silent' },
  });
  const simulatorUrl = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      const up = await fetch(`${simulatorUrl}/api/stats`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (i > 200) throw new Error('simulator did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await simulatorJson(simulatorUrl, '/api/callbacks', { mode: 'off' });
    const runs = [
      {
        name: 'BullMQ (Redis), Twilio SMS',
        redis: true,
        channel: 'twilio-sms',
        to: (i: number) => `+2547${String(10_000_000 + i).slice(-8)}`,
      },
      {
        name: 'BullMQ (Redis), Meta WhatsApp',
        redis: true,
        channel: 'meta-whatsapp',
        to: (i: number) => `2547${String(10_000_000 + i).slice(-8)}`,
      },
      {
        name: 'in-process runner, Twilio SMS',
        redis: false,
        channel: 'twilio-sms',
        to: (i: number) => `+2547${String(10_000_000 + i).slice(-8)}`,
      },
    ];
    const loadStart = loadavg()[0] ?? 0;
    const only = process.env.BENCH_ONLY?.split(',').map(Number);
    const figures: Figure[] = [];
    // A short warm-up so the first run does not pay for module compilation and JIT.
    await run('warm-up', db, simulatorUrl, { ...runs[0]!, messages: 200 });
    for (const [index, entry] of runs.entries())
      if (!only || only.includes(index)) figures.push(await run(entry.name, db, simulatorUrl, entry));
    console.table(figures);
    if (!process.env.BENCH_NO_WRITE) await writeSection(figures, { start: loadStart, end: loadavg()[0] ?? 0 });
  } finally {
    simulator.kill('SIGTERM');
    await db.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
