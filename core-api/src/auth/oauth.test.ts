import { randomUUID } from 'node:crypto';
import { verifyAccessToken } from '../shared/access-token';
import { startTestCoreApi, TEST_JWT_SECRET, type TestCoreApi } from '../../test/harness';
import { ensureGatewayClient } from './gateway-client';

let api: TestCoreApi;
let adminToken: string;
let client: { clientId: string; clientSecret: string };

beforeAll(async () => {
  api = await startTestCoreApi({ TRUST_PROXY: 'true', LOGIN_RATE_LIMIT_PER_15_MIN: '4' });
  adminToken = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });
  const facility = await api.deps.db.query<{ id: string }>(
    "INSERT INTO facilities (name, type, country, country_iso3) VALUES ('CSI Test', 'health_centre', 'Niger', 'NER') RETURNING id",
  );
  const created = await api.call('POST', '/api/v1/oauth-clients', {
    token: adminToken,
    body: { name: 'Stock system', scopes: ['resources:write', 'reports:read'], facilityId: facility.rows[0]?.id },
  });
  expect(created.status).toBe(201);
  client = { clientId: created.body.clientId, clientSecret: created.body.clientSecret };
});
afterAll(async () => {
  await api.close();
});

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('POST /oauth/token', () => {
  it('with HTTP Basic and a form body, grants every client scope when none is requested', async () => {
    const { body, headers } = form({ grant_type: 'client_credentials' });
    const res = await api.call('POST', '/oauth/token', {
      body,
      headers: { ...headers, authorization: basic(client.clientId, client.clientSecret) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'resources:write reports:read' });
    const principal = verifyAccessToken(res.body.access_token, TEST_JWT_SECRET);
    expect(principal).toMatchObject({
      kind: 'client',
      clientId: client.clientId,
      scopes: ['resources:write', 'reports:read'],
    });
    expect(principal?.kind === 'client' && principal.facilityId).toEqual(expect.any(String));
  });

  it('with credentials in a JSON body, grants the requested subset only', async () => {
    const res = await api.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'reports:read',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('reports:read');
    expect(verifyAccessToken(res.body.access_token, TEST_JWT_SECRET)).toMatchObject({ scopes: ['reports:read'] });
  });

  it('refuses a scope beyond the client with 400 invalid_scope', async () => {
    const res = await api.call('POST', '/oauth/token', {
      ...form({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'reports:read gateway',
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  it('refuses a wrong secret and an unknown client alike with 401 invalid_client, and audits the failure', async () => {
    const wrong = await api.call('POST', '/oauth/token', {
      ...form({ grant_type: 'client_credentials' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.clientId, 'nope') },
    });
    const unknown = await api.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: 'mlc_nobody', client_secret: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    expect(wrong.body).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(unknown.body).toMatchObject({ status: 401, error: 'invalid_client', detail: wrong.body.detail });
    const audit = await api.deps.db.query<{ reason: string }>(
      "SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'oauth.token_failed' ORDER BY id",
    );
    expect(audit.rows.map((row) => row.reason)).toEqual(['wrong_secret', 'unknown_client']);
  });

  it('refuses another grant type with 400 unsupported_grant_type, a missing one with invalid_request', async () => {
    const password = await api.call('POST', '/oauth/token', {
      body: { grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(password.body).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    const missing = await api.call('POST', '/oauth/token', {
      body: { client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(missing.body).toMatchObject({ status: 400, error: 'invalid_request' });
    const garbage = await api.call('POST', '/oauth/token', { body: { grant_type: 42 } });
    expect(garbage.body).toMatchObject({ status: 400, error: 'invalid_request' });
    const arrayScope = await api.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: ['gateway'],
      },
    });
    expect(arrayScope.body).toMatchObject({
      status: 400,
      error: 'invalid_request',
      detail: expect.stringContaining('scope'),
    });
  });

  it('refuses a disabled client', async () => {
    const created = await api.call('POST', '/api/v1/oauth-clients', {
      token: adminToken,
      body: { name: 'Old', scopes: ['reports:read'] },
    });
    expect(
      (await api.call('POST', `/api/v1/oauth-clients/${created.body.id}/disable`, { token: adminToken })).body.disabled,
    ).toBe(true);
    const res = await api.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: created.body.clientId,
        client_secret: created.body.clientSecret,
      },
    });
    expect(res.body.error).toBe('invalid_client');
  });
});

describe('POST /oauth/token throttling', () => {
  it('after N failed client authentications from one address, answers 429 with Retry-After, even with the right secret', async () => {
    const headers = { 'x-forwarded-for': '10.9.8.7' };
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const res = await api.call('POST', '/oauth/token', {
        headers,
        body: { grant_type: 'client_credentials', client_id: `mlc_guess_${attempt}`, client_secret: 'guess' },
      });
      expect(res.status).toBe(401);
    }
    const refused = await api.call('POST', '/oauth/token', {
      headers,
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('/api/v1/oauth-clients', () => {
  it('lists clients without their secrets', async () => {
    const res = await api.call('GET', '/api/v1/oauth-clients?limit=1', { token: adminToken });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].clientSecret).toBeUndefined();
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await api.call('GET', `/api/v1/oauth-clients?limit=1&cursor=${res.body.nextCursor}`, {
      token: adminToken,
    });
    expect(next.body.items[0].id).not.toBe(res.body.items[0].id);
  });

  it('refuses resources:write without a facility, with a field error', async () => {
    const res = await api.call('POST', '/api/v1/oauth-clients', {
      token: adminToken,
      body: { name: 'Stock', scopes: ['resources:write'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.facilityId', message: expect.any(String) }]);
  });
});

describe('ensureGatewayClient', () => {
  it('creates the gateway client with scope gateway, keeps its generated secret, and the secret works', async () => {
    const first = await ensureGatewayClient(api.deps);
    const second = await ensureGatewayClient(api.deps);
    expect(second).toEqual(first);
    const res = await api.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: first.clientId, client_secret: first.clientSecret },
    });
    expect(res.body).toMatchObject({ scope: 'gateway' });
  });
});
