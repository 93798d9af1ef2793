import { createServer } from 'node:net';
import { z } from 'zod';
import { startSimulator, type StartedSimulator } from '../src/simulator/start-simulator';
import { startTestGateway, TEST_SECRETS, type TestGateway } from './gateway-harness';

/**
 * The whole path on the in-process queue: a patient message delivered by the provider simulator →
 * webhook → inbox → built-in conversation → outbox → channel render → send client → simulator,
 * then the simulator's status callbacks move the outbound row forward.
 */
const PROVIDER_ENV = {
  TWILIO_ACCOUNT_SID: 'ACe2e00000000000000000000000000000',
  TWILIO_SMS_FROM: '+15005550006',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  AT_USERNAME: 'medlink',
  AT_API_KEY: 'at-e2e-key',
  AT_SMS_FROM: '21525',
  META_ACCESS_TOKEN: 'meta-e2e-token',
  META_PHONE_NUMBER_ID: '106540352242922',
  SEND_RATE_PER_SENDER: '0',
};

let gateway: TestGateway;
let simulator: StartedSimulator;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const gatewayPort = await freePort();
  simulator = await startSimulator({
    port: 0,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    statusCallbacks: { mode: 'in-order', delayMs: 5 },
    secrets: {
      publicBaseUrl: TEST_SECRETS.PUBLIC_BASE_URL,
      twilio: {
        accountSid: PROVIDER_ENV.TWILIO_ACCOUNT_SID,
        authToken: TEST_SECRETS.TWILIO_AUTH_TOKEN,
        smsFrom: PROVIDER_ENV.TWILIO_SMS_FROM,
        whatsappFrom: PROVIDER_ENV.TWILIO_WHATSAPP_FROM,
      },
      africastalking: {
        username: PROVIDER_ENV.AT_USERNAME,
        apiKey: PROVIDER_ENV.AT_API_KEY,
        webhookToken: TEST_SECRETS.AT_WEBHOOK_TOKEN,
        smsFrom: PROVIDER_ENV.AT_SMS_FROM,
      },
      meta: {
        accessToken: PROVIDER_ENV.META_ACCESS_TOKEN,
        appSecret: TEST_SECRETS.META_APP_SECRET,
        phoneNumberId: PROVIDER_ENV.META_PHONE_NUMBER_ID,
      },
    },
  });
  gateway = await startTestGateway({
    env: {
      ...PROVIDER_ENV,
      GATEWAY_PORT: String(gatewayPort),
      RUN_WORKER: 'true',
      TWILIO_API_BASE: simulator.url,
      AT_API_BASE: simulator.url,
      META_GRAPH_BASE: simulator.url,
    },
  });
});
afterAll(async () => {
  await gateway?.close();
  await simulator?.close();
});

async function eventually<T>(read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 200 && !isDone(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

const receivedSchema = z.array(z.object({ text: z.string().nullable() }));
const received = async (to: string, channel: string) => {
  const response = await fetch(`${simulator.url}/api/received?to=${encodeURIComponent(to)}&channel=${channel}`);
  return receivedSchema.parse(await response.json());
};

test.each([
  { channel: 'twilio-sms', from: '+2250700000201', to: '+2250700000201', finalStatus: 'delivered' },
  { channel: 'africastalking-sms', from: '+254711000202', to: '+254711000202', finalStatus: 'delivered' },
  { channel: 'twilio-whatsapp', from: '+2250700000203', to: '2250700000203', finalStatus: 'read' },
  { channel: 'meta-whatsapp', from: '+233200000204', to: '233200000204', finalStatus: 'read' },
])(
  '$channel: a patient message is answered once with the language choice, and the reply ends $finalStatus',
  async ({ channel, from, to, finalStatus }) => {
    const delivered = await fetch(`${simulator.url}/api/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, from, text: 'Bonjour', duplicate: true }),
    });
    expect(delivered.status).toBeLessThan(300);
    const messages = await eventually(
      () => received(to, channel),
      (list) => list.length > 0,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('MedLink: choisissez votre langue');
    const rows = await eventually(
      () =>
        gateway.sql<{ status: string }>(
          `SELECT status FROM messages WHERE direction = 'out' AND channel = $1 AND contact_address = $2`,
          [channel, to],
        ),
      (list) => list[0]?.status === finalStatus,
    );
    expect(rows).toEqual([{ status: finalStatus }]);
  },
);

describe('the WhatsApp 24-hour window at send time', () => {
  const queueWhatsapp = async (to: string, content: Record<string, unknown>, body: string) =>
    (
      await gateway.sql<{ id: string }>(
        `INSERT INTO messages (direction, channel, contact_address, body, content, status, idempotency_key, next_attempt_at)
         VALUES ('out', 'meta-whatsapp', $1, $2, $3::jsonb, 'queued', gen_random_uuid()::text, now()) RETURNING id`,
        [to, body, JSON.stringify(content)],
      )
    )[0]?.id ?? '';
  const settled = (id: string) =>
    eventually(
      () =>
        gateway.sql<{ status: string; status_reason: string | null }>(
          `SELECT status, status_reason FROM messages WHERE id = $1`,
          [id],
        ),
      (rows) => ['dead', 'sent', 'delivered', 'read'].includes(rows[0]?.status ?? ''),
    );

  test('a patient who never wrote, with no template and no phone: nothing is sent, the row is dead with the reason', async () => {
    const id = await queueWhatsapp('233200000301', {}, 'Votre rendez-vous est demain');
    expect(await settled(id)).toEqual([
      { status: 'dead', status_reason: 'outside the WhatsApp 24-hour window, with no template and no phone number' },
    ]);
    expect(await received('233200000301', 'meta-whatsapp')).toEqual([]);
  });

  test('outside the window, the approved template is sent instead of the free text', async () => {
    const template = { name: 'appointment_reminder', language: 'fr', parameters: ['demain 9h'] };
    const id = await queueWhatsapp('233200000302', { template }, 'Votre rendez-vous est demain à 9h');
    const [row] = await settled(id);
    expect(row?.status).not.toBe('dead');
    expect(await received('233200000302', 'meta-whatsapp')).toHaveLength(1);
  });

  test('outside the window without a template, a patient with a phone identity gets the message by SMS', async () => {
    const [patient] = await gateway.sql<{ id: string }>(`INSERT INTO patients DEFAULT VALUES RETURNING id`);
    await gateway.sql(
      `INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, 'whatsapp', '233200000303'), ($1, 'phone', '+233200000303')`,
      [patient?.id],
    );
    const id = await queueWhatsapp('233200000303', {}, 'Votre rendez-vous est demain');
    expect(await settled(id)).toEqual([
      { status: 'dead', status_reason: 'outside the WhatsApp 24-hour window: sent by SMS instead' },
    ]);
    const sms = await eventually(
      () => received('+233200000303', 'africastalking-sms'),
      (list) => list.length > 0,
    );
    expect(sms.map((message) => message.text)).toEqual(['Votre rendez-vous est demain']);
  });
});
