import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { createLiveEventBus, type LiveEvent } from '../../platform/src/live-events';
import { createLogger } from '../../platform/src/logger';
import { connectRedis } from '../../platform/src/redis';
import { insertPractitioner } from '../../core-api/test/fixtures/consultation-fixtures';
import { startTestCoreApi } from '../../core-api/test/harness';
import { attachLiveSockets } from '../../backoffice/src/live/attach-live-sockets';

/**
 * Live events end to end: core-api's publish (log row in PostgreSQL + Redis pub/sub) to a browser socket on a
 * back-office instance, and the catch-up read. Short on purpose: the machine is shared.
 * Run: node --import tsx bench/backoffice/live-events.bench.ts
 */
const BENCHMARKS_FILE = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const SECTION = 'Back office live events';
const EVENTS = 300;

async function main(): Promise<void> {
  const api = await startTestCoreApi();
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const channel = `bench:live:${Date.now()}`;
  const publisherRedis = connectRedis(redisUrl, () => undefined);
  const instanceRedis = connectRedis(redisUrl, () => undefined);
  const publisher = createLiveEventBus({ db: api.deps.db, redis: publisherRedis, channel, pruneIntervalMs: 0 });
  const instanceBus = createLiveEventBus({ redis: instanceRedis, channel, pruneIntervalMs: 0 });
  await instanceBus.ready();
  const http = createServer();
  const live = attachLiveSockets({
    httpServer: http,
    bus: instanceBus,
    coreApiUrl: api.url,
    logger: createLogger({ service: 'bench', level: 'silent' }),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const doctor = await insertPractitioner(api.deps.db);
  const token = api.tokenFor(doctor.principal);
  const socket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    transports: ['websocket'],
    extraHeaders: { cookie: `ml_access=${token}` },
  });
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let onCount: (() => void) | undefined;
  socket.on('live', (event: LiveEvent) => {
    const started = typeof event.payload.n === 'number' ? sentAt.get(event.payload.n) : undefined;
    if (started !== undefined) latencies.push(performance.now() - started);
    if (latencies.length % EVENTS === 0) onCount?.();
  });
  const room = `practitioner:${doctor.practitionerId}`;
  const rows: string[] = [];

  const sequentialStart = performance.now();
  const sequentialDone = new Promise<void>((resolve) => (onCount = resolve));
  for (let n = 0; n < EVENTS; n += 1) {
    sentAt.set(n, performance.now());
    await publisher.publish({ type: 'consultation.message', rooms: [room], payload: { n } });
  }
  await sequentialDone;
  rows.push(
    row('publish → socket, one at a time', EVENTS, 1, performance.now() - sequentialStart, latencies.splice(0)),
  );

  const burstStart = performance.now();
  const burstDone = new Promise<void>((resolve) => (onCount = resolve));
  await Promise.all(
    Array.from({ length: EVENTS }, (_, index) => {
      const n = EVENTS + index;
      sentAt.set(n, performance.now());
      return publisher.publish({ type: 'consultation.message', rooms: [room], payload: { n } });
    }),
  );
  await burstDone;
  rows.push(row('publish → socket, burst', EVENTS, EVENTS, performance.now() - burstStart, latencies.splice(0)));

  const catchUp: number[] = [];
  const catchUpStart = performance.now();
  for (let i = 0; i < 50; i += 1) {
    const started = performance.now();
    const response = await api.call('GET', `/api/v1/events?since=${i * 10}&limit=200`, { token });
    if (response.status !== 200) throw new Error(`catch-up answered ${response.status}`);
    catchUp.push(performance.now() - started);
  }
  rows.push(row('GET /api/v1/events?since= (200 per page)', 50, 1, performance.now() - catchUpStart, catchUp));

  socket.disconnect();
  await live.close();
  http.close();
  await publisher.close();
  await instanceBus.close();
  publisherRedis.disconnect();
  instanceRedis.disconnect();
  await api.close();
  await writeSection(rows);
  console.log(rows.join('\n'));
}

function row(name: string, calls: number, concurrency: number, totalMs: number, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
  return `| ${name} | ${calls} | ${concurrency} | ${Math.round((calls / totalMs) * 1000)} | ${at(0.5)} | ${at(0.95)} |`;
}

async function writeSection(rows: string[]): Promise<void> {
  const existing = await readFile(BENCHMARKS_FILE, 'utf8').catch(() => '# Benchmarks\n');
  const body = [
    `## ${SECTION}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/backoffice/live-events.bench.ts\`: core-api's publisher (log row in PostgreSQL 15, then Redis 7 pub/sub) to one back-office Socket.IO instance and a websocket client, all on loopback, a 2-core machine shared with other work. Latency is publish call → event received by the client.`,
    '',
    '| operation | events | concurrency | per s | p50 ms | p95 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  const pattern = new RegExp(`## ${SECTION}\\n[\\s\\S]*?(?=\\n## |$)`);
  const updated = pattern.test(existing)
    ? existing.replace(pattern, `${body.trimEnd()}\n`)
    : `${existing.trimEnd()}\n\n${body}`;
  await writeFile(BENCHMARKS_FILE, updated.endsWith('\n') ? updated : `${updated}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
