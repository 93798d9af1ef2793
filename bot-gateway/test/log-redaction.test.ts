import { Writable } from 'node:stream';
import { createLogger } from '@medlink/platform/logger';
import { startTestGateway, TEST_SECRETS, type TestGateway } from './gateway-harness';

/** What the gateway logs while refusing and accepting webhooks never holds a phone number, a message or a secret. */
let lines = '';
let gateway: TestGateway;
beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines += chunk.toString('utf8');
      done();
    },
  });
  gateway = await startTestGateway({ logger: createLogger({ service: 'bot-gateway', level: 'debug', destination }) });
});
afterAll(async () => {
  await gateway.close();
});

test('refused and accepted webhooks leave logs without phone numbers, patient text or secrets', async () => {
  const form = {
    MessageSid: 'SMlog1',
    From: '+2250701234567',
    To: '+15005550006',
    Body: 'saignement abondant',
    NumMedia: '0',
  };
  await gateway.postTwilio('/webhooks/twilio/messages', form, { signature: 'forged' });
  await gateway.postTwilio('/webhooks/twilio/messages', { ...form, From: 'not-a-number' });
  await gateway.postTwilio('/webhooks/twilio/messages', form);
  await gateway.postAfricasTalking(
    '/webhooks/africastalking/sms',
    { from: '+254722765432', to: '21525', text: 'saignement', id: 'log-2' },
    { token: 'wrong' },
  );
  await gateway.settle();
  expect(lines).toContain('webhook refused');
  expect(lines).toContain('webhook input refused');
  for (const secret of [
    '0701234567',
    '722765432',
    'saignement',
    TEST_SECRETS.TWILIO_AUTH_TOKEN,
    TEST_SECRETS.AT_WEBHOOK_TOKEN,
    'forged',
  ]) {
    expect(lines).not.toContain(secret);
  }
});
