import { asForm, startTestGateway, type TestGateway } from '../../../test/gateway-harness';
import badLocation from './fixtures/inbound-bad-location.json';
import buttonReply from './fixtures/inbound-button-reply.json';
import listReply from './fixtures/inbound-list-reply.json';
import location from './fixtures/inbound-location.json';
import media from './fixtures/inbound-media.json';
import inboundText from './fixtures/inbound-text.json';
import statusDelivered from './fixtures/status-delivered.json';
import statusFailed from './fixtures/status-failed.json';
import statusRead from './fixtures/status-read.json';

const MESSAGES = '/webhooks/twilio/messages';
const STATUS = '/webhooks/twilio/status';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});

const inboundRow = async (sid: string) =>
  (
    await gateway.sql<{
      id: string;
      channel: string;
      contact_address: string;
      body: string;
      content: Record<string, unknown>;
    }>(
      `SELECT id, channel, contact_address, body, content FROM messages WHERE direction = 'in' AND provider_message_id = $1`,
      [sid],
    )
  )[0];

describe('twilio-whatsapp inbound', () => {
  test.each([
    { name: 'text with emoji', fixture: inboundText, body: 'Bonjour 👋🏾', content: {} },
    { name: 'a quick-reply button', fixture: buttonReply, body: 'English', content: { replyId: 'lang-en' } },
    { name: 'a list-picker row', fixture: listReply, body: 'Trouver un centre', content: { replyId: 'facilities' } },
    {
      name: 'a location pin',
      fixture: location,
      body: '',
      content: { location: { lat: 5.3364, lon: -4.0267, label: 'CHU de Treichville' } },
    },
    {
      name: 'an image',
      fixture: media,
      body: '',
      content: { media: [{ url: media.MediaUrl0, contentType: 'image/png' }] },
    },
  ])('$name: stored on twilio-whatsapp under the WhatsApp id', async ({ fixture, body, content }) => {
    const response = await gateway.postTwilio(MESSAGES, asForm(fixture));
    expect(response.status).toBe(200);
    const row = await inboundRow(fixture.MessageSid);
    expect(row).toMatchObject({ channel: 'twilio-whatsapp', contact_address: '2250700000002', body });
    expect(row?.content).toMatchObject(content);
  });

  test('a location with a latitude that is no number: 400 naming it, nothing stored', async () => {
    const response = await gateway.postTwilio(MESSAGES, asForm(badLocation));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toMatch(/^invalid Latitude/);
    expect(await inboundRow(badLocation.MessageSid)).toBeUndefined();
  });

  test('a duplicate delivery is a no-op with the same answer', async () => {
    const fixture = { ...asForm(inboundText), MessageSid: 'SM2000000000000000000000000000dup' };
    const first = await gateway.postTwilio(MESSAGES, fixture);
    const second = await gateway.postTwilio(MESSAGES, fixture);
    expect(second).toEqual(first);
    expect(
      await gateway.sql(`SELECT id FROM messages WHERE provider_message_id = $1`, [fixture.MessageSid]),
    ).toHaveLength(1);
  });

  test('the conversation answers with buttons for the language, then the menu in English', async () => {
    const from = 'whatsapp:+2250700000099';
    await gateway.postTwilio(MESSAGES, { ...asForm(inboundText), From: from, MessageSid: 'SMconv0001' });
    await gateway.settle();
    await gateway.postTwilio(MESSAGES, { ...asForm(buttonReply), From: from, MessageSid: 'SMconv0002' });
    await gateway.settle();
    const replies = await gateway.sql<{
      body: string;
      content: { choices?: { id: string }[] };
      segments: number | null;
    }>(
      `SELECT body, content, segments FROM messages WHERE direction = 'out' AND contact_address = '2250700000099' ORDER BY created_at`,
    );
    expect(replies.map((reply) => reply.body)).toEqual([
      'MedLink: choisissez votre langue / choose your language',
      'MedLink - Main menu',
    ]);
    expect(replies[0]?.content.choices?.map((choice) => choice.id)).toEqual(['lang-fr', 'lang-en']);
    expect(replies[1]?.content.choices).toHaveLength(6);
    expect(replies[1]?.segments).toBeNull();
  });
});

describe('twilio-whatsapp statuses', () => {
  test('delivered then read moves forward; a late delivered after read changes nothing', async () => {
    const id = await gateway.insertSentMessage('twilio-whatsapp', '2250700000002', statusDelivered.MessageSid);
    for (const fixture of [statusDelivered, statusRead, statusDelivered]) {
      expect((await gateway.postTwilio(STATUS, asForm(fixture))).status).toBe(200);
    }
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'read' }]);
    expect(
      await gateway.sql(`SELECT count(*)::int AS n FROM message_status_events WHERE message_id = $1`, [id]),
    ).toEqual([{ n: 2 }]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('failed outside the 24-hour window keeps the reason', async () => {
    const id = await gateway.insertSentMessage('twilio-whatsapp', '2250700000002', statusFailed.MessageSid);
    await gateway.postTwilio(STATUS, asForm(statusFailed));
    const [row] = await gateway.sql<{ status: string; status_reason: string }>(
      `SELECT status, status_reason FROM messages WHERE id = $1`,
      [id],
    );
    expect(row?.status).toBe('failed');
    expect(row?.status_reason).toMatch(/^63016 /);
  });

  test('a bad signature on the status URL is refused and changes nothing', async () => {
    const id = await gateway.insertSentMessage('twilio-whatsapp', '2250700000002', 'SM3sig');
    const response = await gateway.postTwilio(
      STATUS,
      { ...asForm(statusRead), MessageSid: 'SM3sig' },
      { signature: 'AAAA' },
    );
    expect(response.status).toBe(403);
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'sent' }]);
  });
});
