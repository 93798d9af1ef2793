import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { asForm, startTestGateway, type TestGateway } from '../../test/gateway-harness';
import dial from '../channels/africastalking-ussd/fixtures/dial.json';

const USSD = '/webhooks/africastalking/ussd';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('USSD hops outside Express (the fast path)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { REDIS_URL }, keyPrefix: `t-${randomUUID()}` });
  });
  afterAll(async () => {
    await gateway.close();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${USSD}?token=at-test-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  const form = (sessionId: string, phoneNumber: string) =>
    new URLSearchParams({ ...asForm(dial), sessionId, phoneNumber, text: '' }).toString();

  test('a hop answers its screen as text/plain with its length, and is logged', async () => {
    const sessionId = `fast-${randomUUID()}`;
    const response = await post(form(sessionId, '+254711000040'));
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text).toMatch(/^CON MedLink: choisissez votre langue/);
    expect(
      await gateway.sql(`SELECT id FROM messages WHERE provider_message_id = $1`, [`${sessionId}:0`]),
    ).toHaveLength(1);
  });

  test('a gzip-compressed hop is left to Express, which inflates it and answers the same screen', async () => {
    const plain = await (await post(form(`plain-${randomUUID()}`, '+254711000041'))).text();
    const sessionId = `gzip-${randomUUID()}`;
    const response = await post(gzipSync(form(sessionId, '+254711000042')), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(plain);
  });

  test('a body over 1 MiB gets 413 problem+json and logs nothing', async () => {
    const sessionId = `big-${randomUUID()}`;
    const response = await post(`${form(sessionId, '+254711000043')}&pad=${'x'.repeat(1024 * 1024 + 10)}`);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 413 });
    expect(await gateway.sql(`SELECT id FROM messages WHERE provider_message_id = $1`, [`${sessionId}:0`])).toEqual([]);
  });
});
