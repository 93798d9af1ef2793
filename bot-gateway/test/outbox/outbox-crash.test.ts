import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Db } from '@medlink/platform/db';
import type { StartedSimulator } from '../../src/simulator/start-simulator';
import { gatewayEnvFor, startTestSimulator } from '../simulator/test-simulator';
import { openTestDb, queueMessages, statusCounts, TEST_REDIS_URL, uniquePrefix, waitFor } from './outbox-fixture';

const repoRoot = path.join(__dirname, '../../..');
const MESSAGES = 200;

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let sim: StartedSimulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Each accepted request is answered 80 ms late, so a kill always lands between "provider accepted" and "worker heard".
  [database, sim] = await Promise.all([openTestDb(), startTestSimulator({ responseDelayMs: 80 })]);
  db = database.db;
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.close();
  await database.close();
});

function startWorkerProcess(prefix: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot-gateway/src/outbox/worker-main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...gatewayEnvFor(sim.url),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      OUTBOX_KEY_PREFIX: prefix,
      SEND_RATE_PER_SENDER: '0',
      SEND_LEASE_MS: '1500',
      SEND_TIMEOUT_MS: '1000',
      WORKER_CONCURRENCY: '10',
      ...extraEnv,
    },
  });
  children.push(child);
  return child;
}

describe('outbox worker process killed mid-send', () => {
  it('after SIGKILL and a restart, every message reaches the provider exactly once and every row is sent', async () => {
    const prefix = uniquePrefix();
    const ids = await queueMessages(db, MESSAGES);
    const first = startWorkerProcess(prefix);
    await waitFor('a third of the messages sent', async () => sim.state.received.length >= MESSAGES / 3, 30_000);
    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    const atKill = await statusCounts(db);
    expect(atKill.sending ?? 0).toBeGreaterThan(0);

    const metricsPort = await freePort();
    startWorkerProcess(prefix, { WORKER_METRICS_PORT: String(metricsPort) });
    await waitFor('all rows sent', async () => (await statusCounts(db)).sent === MESSAGES, 40_000);
    // The standalone worker's probe and scrape endpoints (infra/k8s/10-worker.yaml).
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/medlink_gateway_outbound_sent_total\{channel="twilio-sms"\} \d+/);
    expect(metrics).toContain('medlink_gateway_outbox_depth 0');

    const keys = sim.state.received.map((message) => message.idempotencyKey);
    expect(sim.state.received).toHaveLength(MESSAGES);
    expect(new Set(keys).size).toBe(MESSAGES);
    // The messages in flight at the kill were sent again with the same key, and the provider did not send them twice.
    expect(sim.state.stats.duplicatesSuppressed).toBeGreaterThan(0);
    const rows = await db.query<{ idempotency_key: string; provider_message_id: string }>(
      'SELECT idempotency_key, provider_message_id FROM messages WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const providerIdByKey = new Map(
      sim.state.received.map((message) => [message.idempotencyKey, message.providerMessageId]),
    );
    expect(rows.rows.every((row) => providerIdByKey.get(row.idempotency_key) === row.provider_message_id)).toBe(true);
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
