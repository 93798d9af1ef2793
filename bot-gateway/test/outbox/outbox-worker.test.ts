import { Registry } from 'prom-client';
import type { Db } from '@medlink/platform/db';
import { createLogger } from '@medlink/platform/logger';
import { createChannelRegistry, toOutboxSenders } from '../../src/channels/registry';
import { startOutboxWorker, type OutboxWorker } from '../../src/outbox/start-outbox-worker';
import type { StartedSimulator } from '../../src/simulator/start-simulator';
import { setFault, startTestSimulator } from '../simulator/test-simulator';
import { openTestDb, queueMessages, testGatewayEnv, TEST_REDIS_URL, uniquePrefix, waitFor } from './outbox-fixture';

let database: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
let sim: StartedSimulator;
const workers: OutboxWorker[] = [];
const logger = createLogger({ service: 'outbox-test', level: 'silent' });

beforeAll(async () => {
  [database, sim] = await Promise.all([openTestDb(), startTestSimulator()]);
  db = database.db;
});
afterAll(async () => {
  await sim.close();
  await database.close();
});
beforeEach(() => sim.state.reset());
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

interface Rows {
  id: string;
  status: string;
  attempts: number;
  provider_message_id: string | null;
  status_reason: string | null;
}
async function rowsOf(ids: string[]): Promise<Rows[]> {
  const result = await db.query<Rows>(
    'SELECT id, status, attempts, provider_message_id, status_reason FROM messages WHERE id = ANY($1::uuid[]) ORDER BY id',
    [ids],
  );
  return result.rows;
}
const allIn = (ids: string[], statuses: string[]) => async () =>
  (await rowsOf(ids)).every((row) => statuses.includes(row.status));

describe.each([
  ['BullMQ on Redis', { REDIS_URL: TEST_REDIS_URL }],
  ['the in-process runner', {}],
])('outbox worker with %s', (_name, queueEnv: Record<string, string>) => {
  const start = (overrides: Record<string, string> = {}, registry = new Registry()) => {
    const env = testGatewayEnv(sim.url, { ...queueEnv, ...overrides });
    // The channels' own render and send; the WhatsApp 24-hour rule has its own tests (no inbound rows here).
    const senders = toOutboxSenders(createChannelRegistry(env));
    const worker = startOutboxWorker({
      env,
      db,
      logger,
      metrics: registry,
      senders,
      keyPrefix: uniquePrefix(),
      pollIntervalMs: 50,
    });
    workers.push(worker);
    return worker;
  };

  it('sends each queued row exactly once, records the provider id and moves the status to sent', async () => {
    const registry = new Registry();
    const worker = start({}, registry);
    const ids = await queueMessages(db, 30);
    await Promise.all([worker.relayOnce(), worker.relayOnce()]);
    await waitFor('all sent', allIn(ids, ['sent']));
    const rows = await rowsOf(ids);
    expect(sim.state.received).toHaveLength(30);
    expect(new Set(sim.state.received.map((m) => m.providerMessageId))).toEqual(
      new Set(rows.map((row) => row.provider_message_id)),
    );
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    const events = await db.query<{ status: string }>(
      'SELECT status FROM message_status_events WHERE message_id = ANY($1::uuid[])',
      [ids],
    );
    expect(events.rows.filter((event) => event.status === 'sent')).toHaveLength(30);
    const sent = await registry.getSingleMetric('medlink_gateway_outbound_sent_total')?.get();
    expect(sent?.values).toEqual([expect.objectContaining({ labels: { channel: 'twilio-sms' }, value: 30 })]);
  });

  it('when the provider answers 500 three times, retries with backoff and delivers once it recovers', async () => {
    await setFault(sim.url, { channel: 'africastalking-sms', mode: '500', count: 3 });
    start();
    const [id = ''] = await queueMessages(db, 1, { channel: 'africastalking-sms' });
    await waitFor('sent after the outage', allIn([id], ['sent']));
    expect(await rowsOf([id])).toEqual([expect.objectContaining({ status: 'sent', attempts: 4, status_reason: null })]);
    expect(sim.state.received).toHaveLength(1);
    const retries = await db.query('SELECT reason FROM message_status_events WHERE message_id = $1 AND status = $2', [
      id,
      'queued',
    ]);
    expect(retries.rowCount).toBe(3);
  });

  it('when the provider hangs for a while, the timed-out attempts are retried and the message delivered after recovery', async () => {
    await setFault(sim.url, { channel: 'meta-whatsapp', mode: 'timeout', seconds: 1 });
    start({ SEND_TIMEOUT_MS: '300' });
    const [id = ''] = await queueMessages(db, 1, { channel: 'meta-whatsapp', to: () => '254700000009' });
    await waitFor('sent after the hang', allIn([id], ['sent']));
    const [row] = await rowsOf([id]);
    expect(row?.attempts).toBeGreaterThan(1);
    expect(sim.state.received).toHaveLength(1);
  });

  it('when the provider refuses the message, it is dead-lettered at once with the reason', async () => {
    await setFault(sim.url, { channel: 'twilio-sms', mode: 'permanent', count: 1 });
    const registry = new Registry();
    start({}, registry);
    const [id = ''] = await queueMessages(db, 1);
    await waitFor('dead', allIn([id], ['dead']));
    expect(await rowsOf([id])).toEqual([
      expect.objectContaining({ status: 'dead', attempts: 1, status_reason: expect.stringContaining('21211') }),
    ]);
    expect(sim.state.received).toHaveLength(0);
    const history = await db.query<{ status: string; reason: string }>(
      'SELECT status, reason FROM message_status_events WHERE message_id = $1',
      [id],
    );
    expect(history.rows).toEqual([{ status: 'dead', reason: expect.stringContaining('21211') }]);
    const metric = async (name: string) =>
      (await registry.getSingleMetric(name)?.get())?.values.map((v) => [v.labels, v.value]);
    expect(await metric('medlink_gateway_outbound_dead_lettered_total')).toEqual([[{ channel: 'twilio-sms' }, 1]]);
    expect(await metric('medlink_gateway_outbound_failed_total')).toEqual([
      [{ channel: 'twilio-sms', outcome: 'permanent' }, 1],
    ]);
  });

  it('when every attempt fails, gives up after SEND_MAX_ATTEMPTS and dead-letters the row', async () => {
    await setFault(sim.url, { channel: 'twilio-sms', mode: '500', count: 100 });
    start({ SEND_MAX_ATTEMPTS: '3' });
    const [id = ''] = await queueMessages(db, 1);
    await waitFor('dead', allIn([id], ['dead']));
    expect(await rowsOf([id])).toEqual([
      expect.objectContaining({ attempts: 3, status_reason: expect.stringContaining('gave up after 3 attempts') }),
    ]);
    await setFault(sim.url, { channel: 'twilio-sms', mode: '500', count: 0 });
  });

  it('when the provider throttles, waits and delivers', async () => {
    await setFault(sim.url, { channel: 'twilio-sms', mode: '429', count: 1 });
    start();
    const [id = ''] = await queueMessages(db, 1);
    await waitFor('sent after throttling', allIn([id], ['sent']));
    expect(await rowsOf([id])).toEqual([expect.objectContaining({ attempts: 2 })]);
  });

  it('when a row has no usable content or no sender, dead-letters it with the reason', async () => {
    start();
    const [unknownChannel = ''] = await queueMessages(db, 1, { channel: 'fax' });
    const [badContent = ''] = await queueMessages(db, 1, { content: { choices: 'not a list' } });
    await waitFor('dead', allIn([unknownChannel, badContent], ['dead']));
    const reasons = (await rowsOf([unknownChannel, badContent])).map((row) => row.status_reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining("no sender for channel 'fax'"),
        expect.stringContaining('unreadable content'),
      ]),
    );
  });

  it('honours SEND_RATE_PER_SENDER: no one-second window holds more sends than the rate from one sender', async () => {
    const rate = 4;
    // Two workers share the limit (through Redis when set, through the one process otherwise).
    start({ SEND_RATE_PER_SENDER: String(rate) });
    if (queueEnv.REDIS_URL) start({ SEND_RATE_PER_SENDER: String(rate) });
    const ids = await queueMessages(db, 12);
    await waitFor('all sent', allIn(ids, ['sent']), 15_000);
    const perSecond = new Map<number, number>();
    for (const message of sim.state.received) {
      const second = Math.floor(Date.parse(message.receivedAt) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Slots are spaced 1/rate apart; two extra allow for a stalled event loop on a busy machine (unlimited: all 12 at once).
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(rate + 2);
    expect(perSecond.size).toBeGreaterThanOrEqual(Math.ceil(12 / (rate + 2)));
  });
});
