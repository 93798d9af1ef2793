import { randomInt, randomUUID } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

let api: TestCoreApi;
let adminToken: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  api = await startTestCoreApi({
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    TRUST_PROXY: 'true',
    LOGIN_RATE_LIMIT_PER_15_MIN: '3',
  });
  adminToken = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });
});
afterAll(async () => {
  await api.close();
});

/** Each test signs in from its own address: Redis rate-limit state outlives a test run. */
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const uniqueEmail = () => `staff-${randomUUID().slice(0, 8)}@clinic.example`;

async function createUser(role: 'practitioner' | 'facility_admin' | 'admin' = 'practitioner') {
  const email = uniqueEmail();
  const res = await api.call('POST', '/api/v1/users', {
    token: adminToken,
    body: { email, password: PASSWORD, role, displayName: 'Dr Test' },
  });
  expect(res.status).toBe(201);
  return { id: String(res.body.id), email };
}

const login = (email: string, password: string, ip = freshIp()) =>
  api.call('POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

const auditActions = async (userId: string) =>
  (
    await api.deps.db.query<{ action: string }>('SELECT action FROM audit_log WHERE record_id = $1 ORDER BY id', [
      userId,
    ])
  ).rows.map((row) => row.action);

describe('POST /api/v1/auth/login', () => {
  it('with the right password, returns tokens and the user, stores an argon2id hash and audits the sign-in', async () => {
    const user = await createUser();
    const res = await login(user.email.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      expiresIn: 900,
      user: {
        id: user.id,
        role: 'practitioner',
        displayName: 'Dr Test',
        preferredLanguage: 'fr',
        practitionerId: null,
      },
    });
    const me = await api.call('GET', '/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.body.id).toBe(user.id);
    const stored = await api.deps.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await api.deps.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(tokens.rows[0]?.token_hash).not.toBe(res.body.refreshToken);
    expect(await auditActions(user.id)).toEqual(['user.create', 'auth.login']);
  });

  it('answers an unknown email and a wrong password identically, and audits both failures', async () => {
    const user = await createUser();
    const unknown = await login(uniqueEmail(), PASSWORD);
    const wrong = await login(user.email, 'not the password at all');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const failures = await api.deps.db.query<{ details: { reason: string } }>(
      "SELECT details FROM audit_log WHERE action = 'auth.login_failed' AND (record_id = $1 OR details->>'reason' = 'unknown_email')",
      [user.id],
    );
    expect(failures.rows.map((row) => row.details.reason).sort()).toEqual(
      expect.arrayContaining(['unknown_email', 'wrong_password']),
    );
  });

  it('after N failures for one email, answers 429 with Retry-After even for the right password, and audits the refusal', async () => {
    const user = await createUser();
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await login(user.email, 'wrong password!')).status).toBe(401);
    const refused = await login(user.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const audit = await api.deps.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.login_refused' AND outcome = 'denied'",
    );
    expect(audit.rowCount).toBeGreaterThan(0);
  });

  it('after N failures from one IP, refuses that IP for any email', async () => {
    const ip = freshIp();
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await login(uniqueEmail(), 'wrong password!', ip)).status).toBe(401);
    const user = await createUser();
    expect((await login(user.email, PASSWORD, ip)).status).toBe(429);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it('refuses a disabled user with the same 401, and their refresh token too', async () => {
    const user = await createUser();
    const session = await login(user.email, PASSWORD);
    expect((await api.call('POST', `/api/v1/users/${user.id}/disable`, { token: adminToken })).status).toBe(200);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect(
      (await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.body.refreshToken } })).status,
    ).toBe(401);
    expect((await api.call('GET', '/api/v1/auth/me', { token: session.body.accessToken })).status).toBe(401);
  });

  it('answers a malformed body with 400 and field errors', async () => {
    const res = await api.call('POST', '/api/v1/auth/login', { body: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'body.email',
      'body.password',
    ]);
  });
});

describe('POST /api/v1/auth/refresh and /logout', () => {
  it('rotates: the new token works once, the presented one is spent', async () => {
    const user = await createUser();
    const first = await login(user.email, PASSWORD);
    const second = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect(second.body.user.id).toBe(user.id);
    const third = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(200);
  });

  it('when a spent token is presented again, revokes the whole family (the newest token too) and audits the reuse', async () => {
    const user = await createUser();
    const first = await login(user.email, PASSWORD);
    const second = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    const reuse = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(reuse.status).toBe(401);
    const newest = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(newest.status).toBe(401);
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['auth.refresh', 'auth.refresh_reuse', 'auth.refresh_refused']),
    );
    const otherSession = await login(user.email, PASSWORD);
    expect(
      (await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: otherSession.body.refreshToken } }))
        .status,
    ).toBe(200);
  });

  it('logout revokes the family; an unknown token still answers 204', async () => {
    const user = await createUser();
    const first = await login(user.email, PASSWORD);
    const second = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(
      (await api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: first.body.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status,
    ).toBe(401);
    expect((await api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: 'x'.repeat(43) } })).status).toBe(
      204,
    );
  });

  it('refuses an unknown refresh token with 401 and audits it', async () => {
    const res = await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'y'.repeat(43) } });
    expect(res.status).toBe(401);
    const audit = await api.deps.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'auth.refresh_refused' AND details->>'reason' = 'unknown'",
    );
    expect(audit.rowCount).toBe(1);
  });
});
