import type { DomainEvent } from '../deps';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import {
  gatewayPrincipal,
  insertAdmin,
  insertGatewayInbound,
  insertPatient,
  insertPractitioner,
} from '../../test/fixtures/consultation-fixtures';

let api: TestCoreApi;
let admin: string;
let gateway: string;
const events: DomainEvent[] = [];

beforeAll(async () => {
  api = await startTestCoreApi({}, { publish: (event) => events.push(event) });
  admin = api.tokenFor(await insertAdmin(api.deps.db));
  gateway = api.tokenFor(gatewayPrincipal);
});
afterAll(async () => {
  await api.close();
});

const db = () => api.deps.db;
const count = async (sql: string, params: unknown[] = []) =>
  (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

async function queue(body: Record<string, unknown>) {
  return api.call('POST', '/api/v1/messages/outbound', {
    token: gateway,
    body: {
      text: 'Rappel : rendez-vous demain à 9h',
      idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
      ...body,
    },
  });
}

describe('the message log (support)', () => {
  it('shows an admin both directions with contact, provider id, status history and segments, and audits the read per patient', async () => {
    const patient = await insertPatient(db());
    await insertGatewayInbound(db(), {
      patientId: patient.patientId,
      channel: 'africastalking-sms',
      contact: patient.phone,
      text: 'Bonjour',
    });
    const out = await queue({ patientId: patient.patientId, channel: 'africastalking-sms' });
    await db().query(`UPDATE messages SET status = 'delivered', provider_message_id = 'ATXid_1' WHERE id = $1`, [
      out.body.message.id,
    ]);
    await db().query(
      `INSERT INTO message_status_events (message_id, status, provider_status, at) VALUES ($1, 'sent', 'Sent', now() + interval '1 s'), ($1, 'delivered', 'Success', now() + interval '2 s')`,
      [out.body.message.id],
    );

    const res = await api.call('GET', `/api/v1/messages?contact=${encodeURIComponent(patient.phone)}`, {
      token: admin,
    });

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({
      direction: 'out',
      channel: 'africastalking-sms',
      contactAddress: patient.phone,
      providerMessageId: 'ATXid_1',
      status: 'delivered',
      segments: 1,
      encoding: 'gsm7',
    });
    expect(res.body.items[0].history.map((h: { status: string }) => h.status)).toEqual(['queued', 'sent', 'delivered']);
    expect(res.body.items[1]).toMatchObject({ direction: 'in', body: 'Bonjour' });
    expect(await count(`audit_log WHERE action = 'message_log.read' AND patient_id = $1`, [patient.patientId])).toBe(1);
  });

  it('filters by direction, channel and since, and pages with a cursor', async () => {
    const patient = await insertPatient(db());
    for (let i = 0; i < 3; i += 1) await queue({ patientId: patient.patientId, channel: 'twilio-sms', text: `n${i}` });
    const contact = encodeURIComponent(patient.phone);
    const page1 = await api.call(
      'GET',
      `/api/v1/messages?contact=${contact}&direction=out&channel=twilio-sms&limit=2`,
      { token: admin },
    );
    expect(page1.body.items.map((m: { body: string }) => m.body)).toEqual(['n2', 'n1']);
    const page2 = await api.call('GET', `/api/v1/messages?contact=${contact}&limit=2&cursor=${page1.body.nextCursor}`, {
      token: admin,
    });
    expect(page2.body.items.map((m: { body: string }) => m.body)).toEqual(['n0']);
    const future = await api.call('GET', `/api/v1/messages?contact=${contact}&since=2999-01-01T00:00:00Z`, {
      token: admin,
    });
    expect(future.body.items).toEqual([]);
  });

  it.each([
    ['since', 'since=yesterday'],
    ['direction', 'direction=sideways'],
    ['cursor', 'cursor=Zm9yZ2Vk'],
  ])('answers 400 for a bad %s', async (field, query) => {
    const res = await api.call('GET', `/api/v1/messages?${query}`, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(`query.${field}`);
  });

  it('is for admins only: practitioners and the gateway get 403, anonymous 401', async () => {
    const practitioner = await insertPractitioner(db());
    expect((await api.call('GET', '/api/v1/messages', { token: api.tokenFor(practitioner.principal) })).status).toBe(
      403,
    );
    expect((await api.call('GET', '/api/v1/messages', { token: gateway })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/messages')).status).toBe(401);
    expect(
      (await api.call('GET', '/api/v1/messages/dead-letters', { token: api.tokenFor(practitioner.principal) })).status,
    ).toBe(403);
  });
});

describe('dead letters', () => {
  it('lists dead outbound messages and puts one back in the outbox once', async () => {
    const patient = await insertPatient(db());
    const out = await queue({ patientId: patient.patientId, channel: 'meta-whatsapp' });
    const id = out.body.message.id;
    await db().query(
      `UPDATE messages SET status = 'dead', status_reason = 'invalid number', attempts = 5 WHERE id = $1`,
      [id],
    );

    const dead = await api.call('GET', '/api/v1/messages/dead-letters', { token: admin });
    expect(dead.body.items.map((m: { id: string }) => m.id)).toContain(id);

    const retried = await api.call('POST', `/api/v1/messages/${id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: 'queued', statusReason: null });
    const row = await db().query(`SELECT status, next_attempt_at IS NOT NULL AS due FROM messages WHERE id = $1`, [id]);
    expect(row.rows[0]).toEqual({ status: 'queued', due: true });
    expect((await api.call('POST', `/api/v1/messages/${id}/retry`, { token: admin })).status).toBe(409);
    expect(
      (await api.call('POST', '/api/v1/messages/00000000-0000-4000-8000-000000000000/retry', { token: admin })).status,
    ).toBe(404);
    expect(await count(`audit_log WHERE action = 'message.retry' AND record_id = $1`, [id])).toBe(1);
  });
});

describe('queueing a message for a patient (gateway)', () => {
  it('queues once per idempotency key on the channel the patient last wrote from', async () => {
    const patient = await insertPatient(db(), { language: 'en' });
    await insertGatewayInbound(db(), {
      patientId: patient.patientId,
      channel: 'twilio-whatsapp',
      contact: patient.whatsapp,
      text: 'hi',
    });
    const body = {
      patientId: patient.patientId,
      text: 'Your appointment is tomorrow at 9:00',
      idempotencyKey: 'reminder-appt-123-24h',
    };
    const first = await queue(body);
    const second = await queue(body);
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({ channel: 'twilio-whatsapp', direction: 'out', status: 'queued' });
    expect(first.body.limits.whatsapp.windowOpen).toBe(true);
    expect(second.body).toMatchObject({ replayed: true, message: { id: first.body.message.id } });
    expect(await count(`messages WHERE patient_id = $1 AND direction = 'out'`, [patient.patientId])).toBe(1);
  });

  it('refuses an unsolicited message to an opted-out patient but sends what they asked for', async () => {
    const patient = await insertPatient(db(), { optedOut: true });
    const refused = await queue({ patientId: patient.patientId, channel: 'africastalking-sms' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('opted out');
    const asked = await queue({
      patientId: patient.patientId,
      channel: 'africastalking-sms',
      solicited: true,
      text: 'Vous ne recevrez plus de messages.',
    });
    expect(asked.status).toBe(201);
    expect(await count(`messages WHERE patient_id = $1 AND direction = 'out'`, [patient.patientId])).toBe(1);
  });

  it('answers 400 without a channel when the patient never wrote, and for an unknown patient; staff get 403', async () => {
    const patient = await insertPatient(db());
    expect((await queue({ patientId: patient.patientId })).body.errors[0].path).toBe('body.channel');
    expect((await queue({ patientId: '00000000-0000-4000-8000-000000000000', channel: 'twilio-sms' })).status).toBe(
      400,
    );
    expect((await queue({ patientId: patient.patientId, channel: 'twilio-sms', idempotencyKey: 'short' })).status).toBe(
      400,
    );
    const res = await api.call('POST', '/api/v1/messages/outbound', {
      token: admin,
      body: { patientId: patient.patientId, text: 'x', idempotencyKey: 'abcdefgh' },
    });
    expect(res.status).toBe(403);
    expect(await count(`messages WHERE patient_id = $1`, [patient.patientId])).toBe(0);
  });
});
