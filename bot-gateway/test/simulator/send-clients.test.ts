import { sendAfricasTalkingSms } from '../../src/providers/africastalking/send-sms';
import { sendMetaMessage, type MetaMessageBody } from '../../src/providers/meta/send-message';
import { sendTwilioMessage, type TwilioSendConfig } from '../../src/providers/twilio/send-message';
import type { SendResult } from '../../src/channels/types';
import type { StartedSimulator } from '../../src/simulator/start-simulator';
import { fetchReceived, setFault, startTestSimulator, TEST_SECRETS } from './test-simulator';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.state.reset());

const twilioConfig = (overrides: Partial<TwilioSendConfig> = {}): TwilioSendConfig => ({
  apiBase: sim.url,
  accountSid: TEST_SECRETS.twilio.accountSid,
  authToken: TEST_SECRETS.twilio.authToken,
  statusCallbackUrl: 'https://medlink.example.org/webhooks/twilio/status',
  timeoutMs: 400,
  contentSids: new Map(),
  ...overrides,
});
const atConfig = (apiKey = TEST_SECRETS.africastalking.apiKey) => ({
  apiBase: sim.url,
  username: 'medlink',
  apiKey,
  timeoutMs: 400,
});
const metaConfig = (accessToken = TEST_SECRETS.meta.accessToken) => ({
  apiBase: sim.url,
  graphBase: sim.url,
  version: 'v21.0',
  phoneNumberId: '1098765432',
  accessToken,
  timeoutMs: 400,
});
const metaText = (text: string): MetaMessageBody => ({
  messaging_product: 'whatsapp',
  to: '254700000001',
  type: 'text',
  text: { body: text },
});

type Client = { name: string; channel: string; send: (key: string, credentialsOk?: boolean) => Promise<SendResult> };
const clients: Client[] = [
  {
    name: 'twilio sms',
    channel: 'twilio-sms',
    send: (key, ok = true) =>
      sendTwilioMessage(
        twilioConfig(ok ? {} : { authToken: 'wrong' }),
        { To: '+254700000001', From: '+15005550006', Body: 'Bonjour é 👋' },
        { idempotencyKey: key },
      ),
  },
  {
    name: "africa's talking sms",
    channel: 'africastalking-sms',
    send: (key, ok = true) =>
      sendAfricasTalkingSms(
        atConfig(ok ? undefined : 'wrong'),
        { to: '+254700000001', message: 'Bonjour é 👋', from: '20880' },
        { idempotencyKey: key },
      ),
  },
  {
    name: 'meta whatsapp',
    channel: 'meta-whatsapp',
    send: (key, ok = true) =>
      sendMetaMessage(metaConfig(ok ? undefined : 'wrong'), metaText('Bonjour é 👋'), { idempotencyKey: key }),
  },
];

describe.each(clients)('$name send client against the simulator', ({ channel, send }) => {
  it('when the provider accepts, returns its message id and the simulator received the text once', async () => {
    const result = await send('k-accept');
    expect(result.outcome).toBe('accepted');
    const received = await fetchReceived(sim.url, { to: '+254700000001', channel });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ channel, text: 'Bonjour é 👋' });
    expect(result).toEqual({ outcome: 'accepted', providerMessageId: received[0]?.providerMessageId });
  });

  it('when the same idempotency key is sent twice, the provider sends once and answers the same id', async () => {
    const first = await send('k-twice');
    const second = await send('k-twice');
    expect(second).toEqual(first);
    expect(sim.state.received).toHaveLength(1);
    expect(sim.state.stats.duplicatesSuppressed).toBe(1);
  });

  it('when the provider answers 500, the result is retryable and nothing was sent', async () => {
    await setFault(sim.url, { channel, mode: '500', count: 1 });
    expect((await send('k-500')).outcome).toBe('retryable');
    expect(sim.state.received).toHaveLength(0);
  });

  it('when the provider hangs past the timeout, the result is retryable', async () => {
    await setFault(sim.url, { channel, mode: 'timeout', count: 1 });
    const result = await send('k-timeout');
    expect(result).toMatchObject({ outcome: 'retryable', reason: expect.stringContaining('timeout') });
  });

  it('when the provider throttles, the result is throttled', async () => {
    await setFault(sim.url, { channel, mode: '429', count: 1 });
    expect((await send('k-429')).outcome).toBe('throttled');
  });

  it('when the provider refuses the message, the result is permanent with the reason', async () => {
    await setFault(sim.url, { channel, mode: 'permanent', count: 1 });
    const result = await send('k-permanent');
    expect(result.outcome).toBe('permanent');
    expect(sim.state.received).toHaveLength(0);
  });

  it('when the credentials are wrong, the result is permanent', async () => {
    expect((await send('k-auth', false)).outcome).toBe('permanent');
  });
});

describe('send clients without credentials', () => {
  it('return permanent without calling the provider', async () => {
    const results = await Promise.all([
      sendTwilioMessage(
        twilioConfig({ authToken: undefined }),
        { To: '+254700000001', From: '+1500', Body: 'x' },
        { idempotencyKey: 'a' },
      ),
      sendAfricasTalkingSms(
        { apiBase: sim.url, username: 'medlink', timeoutMs: 400 },
        { to: '+254700000001', message: 'x' },
        { idempotencyKey: 'b' },
      ),
      sendMetaMessage({ ...metaConfig(), accessToken: undefined }, metaText('x'), { idempotencyKey: 'c' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['permanent', 'permanent', 'permanent']);
    expect(sim.state.stats.requests).toBe(0);
  });
});

describe('twilio whatsapp interactive messages', () => {
  it('creates a quick-reply content resource once per structure and sends it by ContentSid', async () => {
    const config = twilioConfig();
    const content = {
      type: 'twilio/quick-reply' as const,
      language: 'fr',
      body: 'Choisissez',
      actions: [
        { id: 'lang.fr', title: 'Français' },
        { id: 'lang.en', title: 'English' },
      ],
    };
    const to = 'whatsapp:+254700000002';
    const first = await sendTwilioMessage(
      config,
      { To: to, From: 'whatsapp:+14155238886', content },
      { idempotencyKey: 'q1' },
    );
    const second = await sendTwilioMessage(
      config,
      { To: to, From: 'whatsapp:+14155238886', content },
      { idempotencyKey: 'q2' },
    );
    expect([first.outcome, second.outcome]).toEqual(['accepted', 'accepted']);
    expect(sim.state.contents.size).toBe(1);
    const received = await fetchReceived(sim.url, { to: '+254700000002', channel: 'twilio-whatsapp' });
    expect(received[1]?.interactive).toEqual({
      type: 'buttons',
      body: 'Choisissez',
      options: [
        { id: 'lang.fr', title: 'Français' },
        { id: 'lang.en', title: 'English' },
      ],
    });
  });

  it('sends a list picker of up to 10 items', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      id: `slot.${i}`,
      item: `Créneau ${i + 1}`,
      description: 'Lundi 9h',
    }));
    const result = await sendTwilioMessage(
      twilioConfig(),
      {
        To: 'whatsapp:+254700000003',
        From: 'whatsapp:+14155238886',
        content: { type: 'twilio/list-picker', language: 'fr', body: 'Quel créneau ?', button: 'Choisir', items },
      },
      { idempotencyKey: 'list1' },
    );
    expect(result.outcome).toBe('accepted');
    expect(sim.state.received[0]?.interactive).toMatchObject({ type: 'list', button: 'Choisir' });
    expect(sim.state.received[0]?.interactive?.options).toHaveLength(10);
  });
});

describe('meta whatsapp message types', () => {
  it('sends interactive buttons, lists and templates as the Cloud API expects', async () => {
    const base = { messaging_product: 'whatsapp' as const, to: '254700000004' };
    const bodies: MetaMessageBody[] = [
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Oui ?' },
          action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Oui' } }] },
        },
      },
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Où ?' },
          action: { button: 'Choisir', sections: [{ title: 'Lieux', rows: [{ id: 'a', title: 'A' }] }] },
        },
      },
      {
        ...base,
        type: 'template',
        template: {
          name: 'appointment_reminder',
          language: { code: 'fr' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'lundi' }] }],
        },
      },
    ];
    for (const [i, body] of bodies.entries())
      expect((await sendMetaMessage(metaConfig(), body, { idempotencyKey: `m${i}` })).outcome).toBe('accepted');
    expect(sim.state.received.map((m) => m.interactive?.type)).toEqual(['buttons', 'list', 'template']);
  });

  it('when a button title is longer than WhatsApp allows, the result is permanent (code 100)', async () => {
    const body: MetaMessageBody = {
      messaging_product: 'whatsapp',
      to: '254700000004',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'x' },
        action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'A title far longer than twenty' } }] },
      },
    };
    expect(await sendMetaMessage(metaConfig(), body, { idempotencyKey: 'long' })).toMatchObject({
      outcome: 'permanent',
      reason: expect.stringContaining('code 100'),
    });
  });
});
