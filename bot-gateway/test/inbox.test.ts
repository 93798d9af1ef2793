import { randomUUID } from 'node:crypto';
import type { ConversationHandler } from '../src/conversations/conversation-handler';
import { processInboundMessage } from '../src/conversations/process-inbound-message';
import { countSmsSegments } from '../src/sms/count-sms-segments';
import { startTestGateway, type TestGateway } from './gateway-harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LONG_REPLY = Array.from({ length: 90 }, (_, index) => `conseil${index}`).join(' ');

/** A handler that can be made to fail, and that answers "long" with a reply too long for one SMS. */
let failing = false;
const handled: string[] = [];
const handler: ConversationHandler = {
  async handle(message) {
    if (failing) throw new Error('flow engine unavailable');
    handled.push(message.messageId);
    return {
      outputs: [{ text: message.text === 'long' ? LONG_REPLY : `Reçu: ${message.text}` }],
      state: { count: handled.length },
    };
  },
};

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { REDIS_URL }, keyPrefix: `t-${randomUUID()}`, handler });
});
afterAll(async () => {
  await gateway.close();
});

const postSms = (id: string, from: string, text: string) =>
  gateway.postAfricasTalking('/webhooks/africastalking/sms', {
    from,
    to: '21525',
    text,
    id,
    date: '2026-11-26 10:00:00',
  });

const replies = (inboundId: string) =>
  gateway.sql<{ body: string; segments: number; encoding: string; idempotency_key: string }>(
    `SELECT body, segments, encoding, idempotency_key FROM messages WHERE idempotency_key LIKE $1 ORDER BY idempotency_key`,
    [`reply:${inboundId}:%`],
  );
const inboundId = async (providerId: string) =>
  (
    await gateway.sql<{ id: string }>(`SELECT id FROM messages WHERE direction = 'in' AND provider_message_id = $1`, [
      providerId,
    ])
  )[0]?.id ?? '';

describe('the durable inbox (BullMQ on real Redis)', () => {
  test('a stored message is processed from the queue and its reply queued once', async () => {
    expect((await postSms('inbox-1', '+254711000101', 'bonjour')).status).toBe(200);
    await gateway.settle();
    const id = await inboundId('inbox-1');
    expect(await replies(id)).toEqual([
      { body: 'Reçu: bonjour', segments: 1, encoding: 'ucs2', idempotency_key: `reply:${id}:0` },
    ]);
  });

  test('a reply too long for three segments is queued as numbered SMS rows with their segments', async () => {
    await postSms('inbox-long', '+254711000102', 'long');
    await gateway.settle();
    const rows = await replies(await inboundId('inbox-long'));
    expect(rows.length).toBeGreaterThan(1);
    rows.forEach((row, index) => {
      expect(row.body.startsWith(`(${index + 1}/${rows.length}) `)).toBe(true);
      expect(row.segments).toBe(countSmsSegments(row.body).segments);
      expect(row.segments).toBeLessThanOrEqual(3);
      expect(row.encoding).toBe('gsm7');
    });
  });

  test('a row committed but never dispatched (crash before enqueue) is picked up by the sweeper', async () => {
    const [row] = await gateway.sql<{ id: string }>(
      `INSERT INTO messages (direction, channel, contact_address, provider_message_id, body, status, created_at)
       VALUES ('in', 'africastalking-sms', '+254711000103', 'inbox-crash', 'après la panne', 'received', now() - interval '1 minute') RETURNING id`,
    );
    await gateway.sweeper.sweepOnce();
    await gateway.settle();
    expect((await replies(row?.id ?? '')).map((reply) => reply.body)).toEqual(['Reçu: après la panne']);
  });

  test('two workers handed the same message produce one set of replies', async () => {
    const [row] = await gateway.sql<{ id: string }>(
      `INSERT INTO messages (direction, channel, contact_address, provider_message_id, body, status, processed_at)
       VALUES ('in', 'africastalking-sms', '+254711000104', 'inbox-race', 'deux fois', 'received', now()) RETURNING id`,
    );
    const id = row?.id ?? '';
    await gateway.sql(`UPDATE messages SET processed_at = NULL WHERE id = $1`, [id]);
    const deps = {
      db: gateway.deps.db,
      handler,
      registry: gateway.deps.channels,
      clock: () => new Date(),
      logger: gateway.deps.logger,
    };
    const outcomes = await Promise.all([
      processInboundMessage(deps, id),
      processInboundMessage(deps, id),
      processInboundMessage(deps, id),
    ]);
    expect(outcomes.sort()).toEqual(['processed', 'skipped', 'skipped']);
    expect(await replies(id)).toHaveLength(1);
  });

  test('when the conversation step fails, the message stays unprocessed with no reply, and is answered once it recovers', async () => {
    failing = true;
    await postSms('inbox-fail', '+254711000105', 'pendant la panne');
    const id = await inboundId('inbox-fail');
    await expect(
      processInboundMessage(
        {
          db: gateway.deps.db,
          handler,
          registry: gateway.deps.channels,
          clock: () => new Date(),
          logger: gateway.deps.logger,
        },
        id,
      ),
    ).rejects.toThrow();
    expect(await replies(id)).toEqual([]);
    failing = false;
    await gateway.sql(`UPDATE messages SET created_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await gateway.sweeper.sweepOnce();
    await gateway.settle();
    expect((await replies(id)).map((reply) => reply.body)).toEqual(['Reçu: pendant la panne']);
  });

  test('a message that failed too many times is left for a human: the sweeper stops re-dispatching it', async () => {
    const [row] = await gateway.sql<{ id: string }>(
      `INSERT INTO messages (direction, channel, contact_address, provider_message_id, body, status, created_at, process_attempts)
       VALUES ('in', 'africastalking-sms', '+254711000107', 'inbox-poison', 'poison', 'received', now() - interval '1 minute', 10) RETURNING id`,
    );
    const id = row?.id ?? '';
    const deps = {
      db: gateway.deps.db,
      handler,
      registry: gateway.deps.channels,
      clock: () => new Date(),
      logger: gateway.deps.logger,
    };
    expect(await processInboundMessage(deps, id)).toBe('skipped');
    await gateway.sweeper.sweepOnce();
    expect(await replies(id)).toEqual([]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });
});

describe('health and metrics', () => {
  test('/healthz and /readyz (database and Redis) answer 200', async () => {
    expect((await gateway.get('/healthz')).status).toBe(200);
    const ready = await gateway.get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });

  test('/metrics counts received, duplicates and rejected per channel, and webhook latency', async () => {
    await postSms('metrics-1', '+254711000106', 'un');
    await postSms('metrics-1', '+254711000106', 'un');
    await gateway.postAfricasTalking(
      '/webhooks/africastalking/sms',
      { from: '+254711000106', to: '21525', text: 'x', id: 'metrics-2' },
      { token: 'wrong' },
    );
    await gateway.postAfricasTalking('/webhooks/africastalking/sms', { to: '21525', text: 'x', id: 'metrics-3' });
    const metrics = (await gateway.get('/metrics')).text;
    expect(metrics).toMatch(/gateway_messages_received_total\{channel="africastalking-sms"\} [1-9]/);
    expect(metrics).toMatch(/gateway_messages_duplicate_total\{channel="africastalking-sms"\} [1-9]/);
    expect(metrics).toMatch(
      /gateway_webhooks_rejected_total\{channel="africastalking-sms",reason="signature_invalid"\} 1/,
    );
    expect(metrics).toMatch(/gateway_webhooks_rejected_total\{channel="africastalking-sms",reason="bad_input"\} 1/);
    expect(metrics).toMatch(
      /gateway_webhook_duration_seconds_count\{endpoint="\/webhooks\/africastalking\/sms",status="200"\} [1-9]/,
    );
  });

  test('an unknown path is a 404, never a 5xx', async () => {
    expect((await gateway.get('/webhooks/nope')).status).toBe(404);
  });
});
