import { z } from 'zod';
import type { StartedSimulator } from '../src/simulator/start-simulator';
import { startTestGateway, type TestGateway } from './gateway-harness';
import { freePort, startSimulatorFor } from './simulator-harness';

/**
 * The whole path on the in-process queue: a patient message delivered by the provider simulator →
 * webhook → inbox → built-in conversation → outbox → channel render → send client → simulator,
 * then the simulator's status callbacks move the outbound row forward.
 */

let gateway: TestGateway;
let simulator: StartedSimulator;

beforeAll(async () => {
  const started = await startSimulatorFor(await freePort());
  simulator = started.simulator;
  gateway = await startTestGateway({ env: { ...started.gatewayEnv, RUN_WORKER: 'true' } });
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
