import { asForm, startTestGateway, type TestGateway } from '../../../test/gateway-harness';
import inboundAccents from './fixtures/inbound-accents-emoji.json';
import inboundLong from './fixtures/inbound-long.json';
import inboundMedia from './fixtures/inbound-media.json';
import missingFrom from './fixtures/inbound-missing-from.json';
import missingSid from './fixtures/inbound-missing-sid.json';
import inboundText from './fixtures/inbound-text.json';
import statusDelivered from './fixtures/status-delivered.json';
import statusSent from './fixtures/status-sent.json';
import statusUndelivered from './fixtures/status-undelivered.json';
import statusUnknown from './fixtures/status-unknown.json';

const MESSAGES = '/webhooks/twilio/messages';
const STATUS = '/webhooks/twilio/status';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});

const inboundRows = (sid: string) =>
  gateway.sql<{
    id: string;
    channel: string;
    contact_address: string;
    body: string;
    content: Record<string, unknown>;
    status: string;
  }>(
    `SELECT id, channel, contact_address, body, content, status FROM messages WHERE direction = 'in' AND provider_message_id = $1`,
    [sid],
  );

describe('twilio-sms inbound', () => {
  test.each([
    ['plain text', inboundText, 'Bonjour', undefined],
    ['accents and emoji', inboundAccents, "J'ai mal à la tête 🤕, ça brûle — très fort", undefined],
    ['a 400-character body', inboundLong, inboundLong.Body, undefined],
    ['media', inboundMedia, "Photo de l'ordonnance", [{ url: inboundMedia.MediaUrl0, contentType: 'image/jpeg' }]],
  ])('%s: stored once as received with TwiML acknowledgement', async (_name, fixture, body, media) => {
    const response = await gateway.postTwilio(MESSAGES, asForm(fixture));
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('text/xml');
    expect(response.text).toBe(EMPTY_TWIML);
    const [row, ...others] = await inboundRows(fixture.MessageSid);
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ channel: 'twilio-sms', contact_address: '+2250700000001', body, status: 'received' });
    expect(row?.content.media).toEqual(media);
    expect(body.length).toBeGreaterThan(0);
  });

  test('a redelivery gets the same answer, stores no second row and queues no second reply', async () => {
    const fixture = { ...asForm(inboundText), MessageSid: 'SM0000000000000000000000000000dup1' };
    const first = await gateway.postTwilio(MESSAGES, fixture);
    await gateway.settle();
    const second = await gateway.postTwilio(MESSAGES, fixture);
    await gateway.settle();
    expect(second).toEqual(first);
    const rows = await inboundRows(fixture.MessageSid);
    expect(rows).toHaveLength(1);
    const replies = await gateway.sql(`SELECT id FROM messages WHERE idempotency_key LIKE $1`, [
      `reply:${rows[0]?.id}:%`,
    ]);
    expect(replies).toHaveLength(1);
  });

  test('the reply is queued as an outbox row with its SMS segments and encoding', async () => {
    const fixture = {
      ...asForm(inboundText),
      MessageSid: 'SM000000000000000000000000000reply',
      From: '+2250700000077',
    };
    await gateway.postTwilio(MESSAGES, fixture);
    await gateway.settle();
    const [inbound] = await inboundRows(fixture.MessageSid);
    const replies = await gateway.sql<{
      body: string;
      status: string;
      segments: number;
      encoding: string;
      contact_address: string;
      channel: string;
    }>(`SELECT body, status, segments, encoding, contact_address, channel FROM messages WHERE idempotency_key = $1`, [
      `reply:${inbound?.id}:0`,
    ]);
    expect(replies).toEqual([
      {
        body: 'MedLink: choisissez votre langue / choose your language\n1. Français\n2. English',
        status: 'queued',
        segments: 2,
        encoding: 'ucs2',
        contact_address: '+2250700000077',
        channel: 'twilio-sms',
      },
    ]);
  });

  test.each([
    ['missing From', missingFrom, 'missing From'],
    ['missing MessageSid', missingSid, 'missing MessageSid'],
    ['a From that is no phone number', { ...inboundText, From: 'hello' }, 'invalid From: not a phone number'],
  ])('%s: 400 naming the field, nothing stored', async (_name, fixture, detail) => {
    await gateway.settle();
    const before = await gateway.sql(`SELECT count(*)::int AS n FROM messages`);
    const response = await gateway.postTwilio(MESSAGES, asForm(fixture));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ status: 400, detail });
    expect(await gateway.sql(`SELECT count(*)::int AS n FROM messages`)).toEqual(before);
  });
});

describe('twilio-sms signatures', () => {
  test.each([
    { name: 'missing', signature: null, status: 401 },
    { name: 'wrong', signature: 'bm90IHRoZSByaWdodCBzaWduYXR1cmU=', status: 403 },
  ])('a $name X-Twilio-Signature gets $status, an empty body, and stores nothing', async ({ signature, status }) => {
    const fixture = { ...asForm(inboundText), MessageSid: `SMsig${status}` };
    const response = await gateway.postTwilio(MESSAGES, fixture, { signature });
    expect(response.status).toBe(status);
    expect(response.text).toBe('');
    expect(await inboundRows(fixture.MessageSid)).toHaveLength(0);
  });

  test('a signature computed over the local URL instead of PUBLIC_BASE_URL is refused', async () => {
    const { getExpectedTwilioSignature } = await import('twilio/lib/webhooks/webhooks');
    const fixture = { ...asForm(inboundText), MessageSid: 'SMlocalurl' };
    const signature = getExpectedTwilioSignature('twilio-test-auth-token', gateway.url + MESSAGES, fixture);
    expect((await gateway.postTwilio(MESSAGES, fixture, { signature })).status).toBe(403);
  });

  test('a signed body changed afterwards is refused', async () => {
    const { getExpectedTwilioSignature } = await import('twilio/lib/webhooks/webhooks');
    const fixture = { ...asForm(inboundText), MessageSid: 'SMtampered' };
    const signature = getExpectedTwilioSignature(
      'twilio-test-auth-token',
      `https://medlink.example.org${MESSAGES}`,
      fixture,
    );
    const response = await gateway.postTwilio(MESSAGES, { ...fixture, Body: 'autre chose' }, { signature });
    expect(response.status).toBe(403);
  });
});

describe('twilio-sms statuses', () => {
  test('delivered then a late sent: stays delivered, both kept in the history', async () => {
    const id = await gateway.insertSentMessage('twilio-sms', '+2250700000001', statusDelivered.MessageSid);
    expect((await gateway.postTwilio(STATUS, asForm(statusDelivered))).status).toBe(200);
    expect((await gateway.postTwilio(STATUS, asForm(statusSent))).status).toBe(200);
    const [row] = await gateway.sql<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [id]);
    expect(row?.status).toBe('delivered');
    const history = await gateway.sql<{ status: string; provider_status: string }>(
      `SELECT status, provider_status FROM message_status_events WHERE message_id = $1 ORDER BY id`,
      [id],
    );
    expect(history).toEqual([
      { status: 'delivered', provider_status: 'delivered' },
      { status: 'sent', provider_status: 'sent' },
    ]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('undelivered records the error code as the reason; a later delivered receipt still wins', async () => {
    const id = await gateway.insertSentMessage('twilio-sms', '+2250700000001', statusUndelivered.MessageSid);
    await gateway.postTwilio(STATUS, asForm(statusUndelivered));
    const [failed] = await gateway.sql<{ status: string; status_reason: string }>(
      `SELECT status, status_reason FROM messages WHERE id = $1`,
      [id],
    );
    expect(failed).toEqual({ status: 'failed', status_reason: '30003 Unreachable destination handset' });
    await gateway.postTwilio(STATUS, asForm(statusDelivered));
    const [delivered] = await gateway.sql<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [id]);
    expect(delivered?.status).toBe('delivered');
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('an unknown status word is a 400 naming it, and changes nothing', async () => {
    const id = await gateway.insertSentMessage('twilio-sms', '+2250700000001', statusUnknown.MessageSid);
    const response = await gateway.postTwilio(STATUS, asForm(statusUnknown));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe("unknown status 'borked'");
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'sent' }]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('a status for an id not recorded yet is accepted, parked, and applied once the worker records the id', async () => {
    const early = { ...asForm(statusDelivered), MessageSid: 'SMearly0000000000000000000000000001' };
    expect((await gateway.postTwilio(STATUS, early)).status).toBe(200);
    expect(
      await gateway.sql(`SELECT status FROM gateway_pending_statuses WHERE provider_message_id = $1`, [
        early.MessageSid,
      ]),
    ).toEqual([{ status: 'delivered' }]);
    const id = await gateway.insertSentMessage('twilio-sms', '+2250700000001', early.MessageSid);
    await gateway.sweeper.sweepOnce();
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'delivered' }]);
    expect(
      await gateway.sql(`SELECT id FROM gateway_pending_statuses WHERE provider_message_id = $1`, [early.MessageSid]),
    ).toEqual([]);
  });
});
