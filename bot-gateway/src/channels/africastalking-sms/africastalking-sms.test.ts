import { asForm, startTestGateway, type TestGateway } from '../../../test/gateway-harness';
import deliveryFailed from './fixtures/delivery-failed.json';
import deliverySubmitted from './fixtures/delivery-submitted.json';
import deliverySuccess from './fixtures/delivery-success.json';
import deliveryUnknown from './fixtures/delivery-unknown.json';
import inboundAccents from './fixtures/inbound-accents-emoji.json';
import inboundLong from './fixtures/inbound-long.json';
import missingFrom from './fixtures/inbound-missing-from.json';
import inboundText from './fixtures/inbound-text.json';

const SMS = '/webhooks/africastalking/sms';
const DELIVERY = '/webhooks/africastalking/delivery';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});

const inboundRows = (id: string) =>
  gateway.sql<{ channel: string; contact_address: string; body: string }>(
    `SELECT channel, contact_address, body FROM messages WHERE direction = 'in' AND provider_message_id = $1`,
    [id],
  );

describe('africastalking-sms inbound', () => {
  test.each([
    { name: 'plain text', fixture: inboundText },
    { name: 'accents and emoji', fixture: inboundAccents },
    { name: 'a 400-character body', fixture: inboundLong },
  ])('$name: stored once, answered 200 with an empty body', async ({ fixture }) => {
    const response = await gateway.postAfricasTalking(SMS, asForm(fixture));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(await inboundRows(fixture.id)).toEqual([
      { channel: 'africastalking-sms', contact_address: '+254711000004', body: fixture.text },
    ]);
  });

  test('a redelivery is a no-op with the same answer and one reply', async () => {
    const fixture = { ...asForm(inboundText), id: 'ATXid_dup', from: '+254711000044' };
    const first = await gateway.postAfricasTalking(SMS, fixture);
    const second = await gateway.postAfricasTalking(SMS, fixture);
    await gateway.settle();
    expect(second).toEqual(first);
    expect(await inboundRows('ATXid_dup')).toHaveLength(1);
    expect(
      await gateway.sql(`SELECT id FROM messages WHERE direction = 'out' AND contact_address = '+254711000044'`),
    ).toHaveLength(1);
  });

  test('missing from: 400 naming the field, nothing stored', async () => {
    const response = await gateway.postAfricasTalking(SMS, asForm(missingFrom));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe('missing from');
    expect(await inboundRows(missingFrom.id)).toHaveLength(0);
  });

  test.each([
    { name: 'missing', token: null, status: 401 },
    { name: 'wrong', token: 'guess', status: 403 },
  ])('a $name ?token= gets $status and stores nothing', async ({ token, status }) => {
    const fixture = { ...asForm(inboundText), id: `ATXid_token_${status}` };
    const response = await gateway.postAfricasTalking(SMS, fixture, { token });
    expect(response.status).toBe(status);
    expect(response.text).toBe('');
    expect(await inboundRows(fixture.id)).toHaveLength(0);
  });
});

describe('africastalking-sms delivery reports', () => {
  test('Success then a late Submitted stays delivered; Failed after delivered changes nothing', async () => {
    const id = await gateway.insertSentMessage('africastalking-sms', '+254711000004', deliverySuccess.id);
    for (const fixture of [deliverySuccess, deliverySubmitted, deliveryFailed]) {
      expect((await gateway.postAfricasTalking(DELIVERY, asForm(fixture))).status).toBe(200);
    }
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'delivered' }]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('Failed keeps the failure reason', async () => {
    const id = await gateway.insertSentMessage('africastalking-sms', '+254711000004', deliveryFailed.id);
    await gateway.postAfricasTalking(DELIVERY, asForm(deliveryFailed));
    expect(await gateway.sql(`SELECT status, status_reason FROM messages WHERE id = $1`, [id])).toEqual([
      { status: 'failed', status_reason: 'AbsentSubscriber' },
    ]);
    await gateway.sql(`DELETE FROM messages WHERE id = $1`, [id]);
  });

  test('an unknown status word is a 400 naming it', async () => {
    const response = await gateway.postAfricasTalking(DELIVERY, asForm(deliveryUnknown));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).detail).toBe("unknown status 'Borked'");
  });

  test('a report with a wrong token changes nothing', async () => {
    const id = await gateway.insertSentMessage('africastalking-sms', '+254711000004', 'ATXid_out_token');
    const response = await gateway.postAfricasTalking(
      DELIVERY,
      { ...asForm(deliverySuccess), id: 'ATXid_out_token' },
      { token: 'nope' },
    );
    expect(response.status).toBe(403);
    expect(await gateway.sql(`SELECT status FROM messages WHERE id = $1`, [id])).toEqual([{ status: 'sent' }]);
  });
});
