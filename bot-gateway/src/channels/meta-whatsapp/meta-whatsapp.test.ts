import { startTestGateway, type TestGateway } from '../../../test/gateway-harness';
import buttonReply from './fixtures/inbound-button-reply.json';
import image from './fixtures/inbound-image.json';
import listReply from './fixtures/inbound-list-reply.json';
import location from './fixtures/inbound-location.json';
import missingFrom from './fixtures/inbound-missing-from.json';
import templateButton from './fixtures/inbound-template-button.json';
import textWithoutBody from './fixtures/inbound-text-without-body.json';
import inboundText from './fixtures/inbound-text.json';
import statusDelivered from './fixtures/status-delivered.json';
import statusFailed from './fixtures/status-failed.json';
import statusRead from './fixtures/status-read.json';
import statusSent from './fixtures/status-sent.json';
import statusUnknown from './fixtures/status-unknown.json';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});

const messageId = (fixture: { entry: { changes: { value: { messages: { id: string }[] } }[] }[] }) =>
  fixture.entry[0]?.changes[0]?.value.messages[0]?.id ?? '';
const inboundRow = async (id: string) =>
  (
    await gateway.sql<{
      channel: string;
      contact_address: string;
      body: string | null;
      content: Record<string, unknown>;
    }>(
      `SELECT channel, contact_address, body, content FROM messages WHERE direction = 'in' AND provider_message_id = $1`,
      [id],
    )
  )[0];

describe('meta-whatsapp inbound', () => {
  test.each([
    { name: 'text with emoji', fixture: inboundText, body: "Bonjour, j'ai besoin d'aide 🙏", content: {} },
    { name: 'a reply button', fixture: buttonReply, body: 'English', content: { replyId: 'lang-en' } },
    { name: 'a list row', fixture: listReply, body: 'Find a health centre', content: { replyId: 'facilities' } },
    {
      name: 'a template quick-reply button',
      fixture: templateButton,
      body: 'Confirmer',
      content: { replyId: 'confirm-appointment' },
    },
    {
      name: 'a location',
      fixture: location,
      body: null,
      content: { location: { lat: 5.6037, lon: -0.187, label: 'Korle Bu Teaching Hospital' } },
    },
    {
      name: 'an image with caption',
      fixture: image,
      body: 'Ma carte de vaccination',
      content: { media: [{ url: 'meta-media:1003383421387256', contentType: 'image/jpeg' }] },
    },
  ])('$name: stored under the wa_id, answered 200', async ({ fixture, body, content }) => {
    const response = await gateway.postMeta(fixture);
    expect(response.status).toBe(200);
    const row = await inboundRow(messageId(fixture));
    expect(row).toMatchObject({ channel: 'meta-whatsapp', contact_address: '233200000003', body });
    expect(row?.content).toMatchObject(content);
  });

  test.each([
    { name: 'a message without from', fixture: missingFrom, detail: 'missing entry.0.changes.0.value.messages.0.from' },
    { name: 'a text message without text', fixture: textWithoutBody, detail: 'missing messages.text' },
    {
      name: 'a body that is not a WhatsApp notification',
      fixture: { object: 'page', entry: [] },
      detail: /^invalid object/,
    },
  ])('$name: 400 naming the field, nothing stored', async ({ fixture, detail }) => {
    await gateway.settle();
    const before = await gateway.sql(`SELECT count(*)::int AS n FROM messages`);
    const response = await gateway.postMeta(fixture);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toEqual(
      typeof detail === 'string' ? detail : expect.stringMatching(detail),
    );
    expect(await gateway.sql(`SELECT count(*)::int AS n FROM messages`)).toEqual(before);
  });

  test('a body that is not JSON is a 400', async () => {
    const response = await gateway.postMeta(undefined, { raw: '{"object":' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe('invalid JSON body');
  });

  test('a redelivered notification is a no-op with the same answer', async () => {
    const fixture = structuredClone(inboundText);
    const message = fixture.entry[0]?.changes[0]?.value.messages?.[0];
    if (message) message.id = 'wamid.duplicate-0001';
    const first = await gateway.postMeta(fixture);
    await gateway.settle();
    const second = await gateway.postMeta(fixture);
    await gateway.settle();
    expect(second).toEqual(first);
    expect(
      await gateway.sql(`SELECT id FROM messages WHERE provider_message_id = 'wamid.duplicate-0001'`),
    ).toHaveLength(1);
    expect(
      await gateway.sql(
        `SELECT id FROM messages WHERE idempotency_key LIKE 'reply:%' AND contact_address = '233200000003'`,
      ),
    ).not.toHaveLength(0);
  });
});

describe('meta-whatsapp signature and handshake', () => {
  test.each([
    { name: 'missing', signature: null, status: 401 },
    { name: 'wrong', signature: `sha256=${'0'.repeat(64)}`, status: 403 },
    { name: 'malformed', signature: 'md5=abc', status: 403 },
  ])('a $name X-Hub-Signature-256 gets $status and stores nothing', async ({ signature, status }) => {
    const fixture = structuredClone(inboundText);
    const message = fixture.entry[0]?.changes[0]?.value.messages?.[0];
    if (message) message.id = `wamid.signature-${status}-${signature?.length ?? 0}`;
    const response = await gateway.postMeta(fixture, { signature });
    expect(response.status).toBe(status);
    expect(response.text).toBe('');
    expect(await inboundRow(message?.id ?? '')).toBeUndefined();
  });

  test('the signature is over the raw bytes: the same JSON re-serialised differently is refused', async () => {
    const raw = JSON.stringify(inboundText);
    const { createHmac } = await import('node:crypto');
    const signature = `sha256=${createHmac('sha256', 'meta-test-app-secret').update(raw).digest('hex')}`;
    const response = await gateway.postMeta(undefined, { raw: JSON.stringify(inboundText, null, 2), signature });
    expect(response.status).toBe(403);
  });

  test.each([
    {
      name: 'the right verify token echoes the challenge',
      query: 'hub.mode=subscribe&hub.verify_token=meta-test-verify-token&hub.challenge=1158201444',
      status: 200,
      text: '1158201444',
    },
    {
      name: 'a wrong verify token is refused',
      query: 'hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444',
      status: 403,
      text: '',
    },
    {
      name: 'a missing mode is refused',
      query: 'hub.verify_token=meta-test-verify-token&hub.challenge=1',
      status: 403,
      text: '',
    },
  ])('GET handshake: $name', async ({ query, status, text }) => {
    const response = await gateway.get(`/webhooks/meta/whatsapp?${query}`);
    expect(response.status).toBe(status);
    expect(response.text).toBe(text);
  });
});

describe('meta-whatsapp statuses', () => {
  test('out of order (read, then delivered, then sent) ends on read with the whole history', async () => {
    const id = await gateway.insertSentMessage('meta-whatsapp', '233200000003', 'wamid.out-0001', 'sending');
    for (const fixture of [statusRead, statusDelivered, statusSent])
      expect((await gateway.postMeta(fixture)).status).toBe(200);
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'read' }]);
    expect(
      await gateway.sql(`SELECT status FROM message_status_events WHERE message_id = $1 ORDER BY id`, [id]),
    ).toEqual([{ status: 'read' }, { status: 'delivered' }, { status: 'sent' }]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('failed keeps the error code and details as the reason', async () => {
    const id = await gateway.insertSentMessage('meta-whatsapp', '233200000003', 'wamid.out-0001');
    await gateway.postMeta(statusFailed);
    const [row] = await gateway.sql<{ status: string; status_reason: string }>(
      `SELECT status, status_reason FROM messages WHERE id = $1`,
      [id],
    );
    expect(row?.status).toBe('failed');
    expect(row?.status_reason).toMatch(/^131047 Message failed to send because more than 24 hours/);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('an unknown status word is a 400 naming it', async () => {
    const response = await gateway.postMeta(statusUnknown);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe("unknown status 'borked'");
  });
});
