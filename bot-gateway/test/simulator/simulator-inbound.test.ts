import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';
import { sendAfricasTalkingSms } from '../../src/providers/africastalking/send-sms';
import { sendMetaMessage } from '../../src/providers/meta/send-message';
import { sendTwilioMessage } from '../../src/providers/twilio/send-message';
import type { StartedSimulator } from '../../src/simulator/start-simulator';
import { startTestSimulator, TEST_SECRETS, waitUntil } from './test-simulator';

/** Stands in for the gateway's webhooks: records what arrives and checks it the way each provider is checked. */
interface Hit {
  path: string;
  query: Record<string, unknown>;
  form: Record<string, string>;
  raw: string;
  signatureValid: boolean;
}
let hits: Hit[] = [];
let gateway: Server;
let sim: StartedSimulator;

beforeAll(async () => {
  const app = express();
  app.use(express.raw({ type: () => true }));
  app.post(/.*/, (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const form = Object.fromEntries(new URLSearchParams(raw));
    const metaSignature = `sha256=${createHmac('sha256', TEST_SECRETS.meta.appSecret ?? '')
      .update(raw)
      .digest('hex')}`;
    const signatureValid = req.path.startsWith('/webhooks/twilio')
      ? twilio.validateRequest(
          TEST_SECRETS.twilio.authToken ?? '',
          req.get('x-twilio-signature') ?? '',
          `${TEST_SECRETS.publicBaseUrl}${req.path}`,
          form,
        )
      : req.path.startsWith('/webhooks/meta')
        ? req.get('x-hub-signature-256') === metaSignature
        : req.query.token === TEST_SECRETS.africastalking.webhookToken;
    hits.push({ path: req.path, query: req.query, form, raw, signatureValid });
    if (req.path === '/webhooks/africastalking/ussd') {
      res
        .type('text/plain')
        .send(form.text === '' ? 'CON Bienvenue / Welcome\n1. Français\n2. English' : 'END Merci / Thank you');
      return;
    }
    res.status(200).type('text/xml').send('<Response/>');
  });
  gateway = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  sim = await startTestSimulator({
    gatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
    callbacks: 'in-order',
  });
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => gateway.close(resolve));
});
beforeEach(() => {
  hits = [];
  sim.state.reset();
  sim.state.callbacks = { mode: 'off', delayMs: 5 };
});

// Test-side JSON, read field by field in assertions (like core-api's test harness).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

describe('simulator delivering patient messages to the gateway', () => {
  it.each([
    [
      'twilio-sms',
      '/webhooks/twilio/messages',
      (hit: Hit) => expect(hit.form).toMatchObject({ From: '+254711000001', Body: 'Bonjour ça va ? 🤒' }),
    ],
    [
      'twilio-whatsapp',
      '/webhooks/twilio/messages',
      (hit: Hit) => expect(hit.form).toMatchObject({ From: 'whatsapp:+254711000001', WaId: '254711000001' }),
    ],
    [
      'africastalking-sms',
      '/webhooks/africastalking/sms',
      (hit: Hit) => expect(hit.form).toMatchObject({ from: '+254711000001', to: '20880', text: 'Bonjour ça va ? 🤒' }),
    ],
    [
      'meta-whatsapp',
      '/webhooks/meta/whatsapp',
      (hit: Hit) =>
        expect(JSON.parse(hit.raw).entry[0].changes[0].value.messages[0]).toMatchObject({
          from: '254711000001',
          type: 'text',
          text: { body: 'Bonjour ça va ? 🤒' },
        }),
    ],
  ])('%s: posts the provider payload to %s, signed as the provider signs it', async (channel, path, check) => {
    const result = await post('/api/inbound', { channel, from: '+254711000001', text: 'Bonjour ça va ? 🤒' });
    expect(result.status).toBe(200);
    expect(result.body.deliveries).toEqual([{ status: 200, body: '<Response/>' }]);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ path, signatureValid: true });
    check(hits[0] as Hit);
  });

  it('with duplicate: true, delivers the identical request twice (same provider message id)', async () => {
    const result = await post('/api/inbound', {
      channel: 'twilio-sms',
      from: '+254711000001',
      text: 'x',
      duplicate: true,
    });
    expect(result.body.deliveries).toHaveLength(2);
    expect(hits.map((hit) => hit.form.MessageSid)).toEqual([
      result.body.providerMessageId,
      result.body.providerMessageId,
    ]);
  });

  it('a tap on a WhatsApp list row comes back as the provider reports a list reply', async () => {
    await sendMetaMessage(
      {
        graphBase: sim.url,
        version: 'v21.0',
        phoneNumberId: TEST_SECRETS.meta.phoneNumberId,
        accessToken: TEST_SECRETS.meta.accessToken,
        timeoutMs: 2000,
      },
      {
        messaging_product: 'whatsapp',
        to: '254711000002',
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Où ?' },
          action: { button: 'Choisir', sections: [{ rows: [{ id: 'fac.1', title: 'CS Kibera' }] }] },
        },
      },
      { idempotencyKey: 'list' },
    );
    await post('/api/inbound', { channel: 'meta-whatsapp', from: '+254711000002', replyId: 'fac.1' });
    const message = JSON.parse(hits[0]?.raw ?? '{}').entry[0].changes[0].value.messages[0];
    expect(message).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'fac.1', title: 'CS Kibera' } },
    });
  });

  it('a shared location reaches Twilio WhatsApp webhooks as Latitude/Longitude', async () => {
    await post('/api/inbound', {
      channel: 'twilio-whatsapp',
      from: '+254711000003',
      location: { lat: -1.29, lon: 36.82, label: 'Nairobi' },
    });
    expect(hits[0]?.form).toMatchObject({ Latitude: '-1.29', Longitude: '36.82', Label: 'Nairobi' });
  });

  it('refuses a bad request with 400 naming the field and delivers nothing', async () => {
    const result = await post('/api/inbound', { channel: 'pigeon', from: 'nobody' });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['channel', 'from']),
    );
    expect(hits).toHaveLength(0);
  });

  it('plays USSD hops: the gateway answer is the screen, END closes the session', async () => {
    const dial = await post('/api/ussd', { from: '+254711000004', text: '' });
    expect(dial.body).toMatchObject({
      status: 200,
      ends: false,
      screen: 'Bienvenue / Welcome\n1. Français\n2. English',
    });
    const next = await post('/api/ussd', { from: '+254711000004', sessionId: dial.body.sessionId, text: '1' });
    expect(next.body).toMatchObject({ ends: true, screen: 'Merci / Thank you', sessionId: dial.body.sessionId });
    expect(hits[1]?.form).toMatchObject({
      sessionId: dial.body.sessionId,
      serviceCode: '*384*123#',
      phoneNumber: '+254711000004',
      text: '1',
    });
    expect(hits.every((hit) => hit.signatureValid)).toBe(true);
  });
});

describe('simulator status callbacks', () => {
  const sendTwilio = (key: string) =>
    sendTwilioMessage(
      {
        apiBase: sim.url,
        accountSid: TEST_SECRETS.twilio.accountSid,
        authToken: TEST_SECRETS.twilio.authToken,
        statusCallbackUrl: `${TEST_SECRETS.publicBaseUrl}/webhooks/twilio/status`,
        timeoutMs: 2000,
        contentSids: new Map(),
      },
      { To: 'whatsapp:+254711000005', From: 'whatsapp:+14155238886', Body: 'Rappel' },
      { idempotencyKey: key },
    );

  it('reports sent, delivered and read for WhatsApp to the StatusCallback URL, signed', async () => {
    sim.state.callbacks = { mode: 'in-order', delayMs: 5 };
    const result = await sendTwilio('cb1');
    await waitUntil(async () => hits.length === 3);
    expect(hits.map((hit) => hit.form.MessageStatus)).toEqual(['sent', 'delivered', 'read']);
    expect(hits.every((hit) => hit.signatureValid && hit.path === '/webhooks/twilio/status')).toBe(true);
    expect(hits[0]?.form.MessageSid).toBe(result.outcome === 'accepted' ? result.providerMessageId : 'none');
  });

  it('can send them out of order or duplicated, as providers sometimes do', async () => {
    sim.state.callbacks = { mode: 'out-of-order', delayMs: 5 };
    await sendTwilio('cb2');
    await waitUntil(async () => hits.length === 3);
    expect(hits.map((hit) => hit.form.MessageStatus)).toEqual(['read', 'delivered', 'sent']);
    hits = [];
    sim.state.callbacks = { mode: 'duplicated', delayMs: 5 };
    await sendTwilio('cb3');
    await waitUntil(async () => hits.length === 6);
    expect(hits.map((hit) => hit.form.MessageStatus)).toEqual([
      'sent',
      'sent',
      'delivered',
      'delivered',
      'read',
      'read',
    ]);
  });
});

describe("simulator status callbacks for Africa's Talking and Meta", () => {
  it("posts Africa's Talking delivery reports with the webhook token, and Meta statuses signed over the raw body", async () => {
    sim.state.callbacks = { mode: 'in-order', delayMs: 5 };
    const sms = await sendAfricasTalkingSms(
      {
        apiBase: sim.url,
        username: TEST_SECRETS.africastalking.username,
        apiKey: TEST_SECRETS.africastalking.apiKey,
        timeoutMs: 2000,
      },
      { to: '+254711000006', message: 'Rappel' },
      { idempotencyKey: 'at-cb' },
    );
    const wa = await sendMetaMessage(
      {
        graphBase: sim.url,
        version: 'v21.0',
        phoneNumberId: TEST_SECRETS.meta.phoneNumberId,
        accessToken: TEST_SECRETS.meta.accessToken,
        timeoutMs: 2000,
      },
      { messaging_product: 'whatsapp', to: '254711000006', type: 'text', text: { body: 'Rappel' } },
      { idempotencyKey: 'meta-cb' },
    );
    await waitUntil(async () => hits.length === 5);
    const delivery = hits.filter((hit) => hit.path === '/webhooks/africastalking/delivery');
    expect(delivery.map((hit) => hit.form.status)).toEqual(['Sent', 'Success']);
    expect(delivery[0]?.form).toMatchObject({
      id: sms.outcome === 'accepted' ? sms.providerMessageId : 'none',
      phoneNumber: '+254711000006',
    });
    const statuses = hits
      .filter((hit) => hit.path === '/webhooks/meta/whatsapp')
      .map((hit) => JSON.parse(hit.raw).entry[0].changes[0].value.statuses[0]);
    expect(statuses.map((status) => status.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses[0]).toMatchObject({
      id: wa.outcome === 'accepted' ? wa.providerMessageId : 'none',
      recipient_id: '254711000006',
    });
    expect(hits.every((hit) => hit.signatureValid)).toBe(true);
  });
});

describe('simulator control API and phone page', () => {
  it('refuses a fault without count or seconds with 400', async () => {
    expect((await post('/api/faults', { channel: 'twilio-sms', mode: '500' })).status).toBe(400);
    expect((await post('/api/faults', { channel: 'twilio-sms', mode: 'explode', count: 1 })).status).toBe(400);
  });

  it('serves the phone simulator page in French with an English switch, labelled form controls', async () => {
    const response = await fetch(`${sim.url}/`);
    const html = await response.text();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('MedLink phone simulator');
    for (const id of ['phone', 'channel', 'ussdInput', 'chatInput']) expect(html).toContain(`<label for="${id}"`);
  });
});

test('answers the health check every service answers (/healthz)', async () => {
  const response = await fetch(`${sim.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});
