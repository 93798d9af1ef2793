import { randomUUID } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

let api: TestCoreApi;
let admin: string;
beforeAll(async () => {
  api = await startTestCoreApi();
  admin = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });
});
afterAll(async () => {
  await api.close();
});

const create = (body: Record<string, unknown>) => api.call('POST', '/api/v1/users', { token: admin, body });

describe('/api/v1/users', () => {
  it('creates a staff account without ever returning its password hash', async () => {
    const res = await create({
      email: 'Nurse.A@clinic.example',
      password: 'twelve chars!',
      role: 'facility_admin',
      displayName: 'Nurse A',
      preferredLanguage: 'en',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: 'Nurse.A@clinic.example',
      role: 'facility_admin',
      displayName: 'Nurse A',
      preferredLanguage: 'en',
      practitionerId: null,
      disabled: false,
      createdAt: expect.any(String),
    });
  });

  it('refuses the same email in another case with 409', async () => {
    expect(
      (await create({ email: 'dup@clinic.example', password: 'twelve chars!', role: 'practitioner', displayName: 'D' }))
        .status,
    ).toBe(201);
    const again = await create({
      email: 'DUP@clinic.example',
      password: 'twelve chars!',
      role: 'admin',
      displayName: 'D',
    });
    expect(again.status).toBe(409);
  });

  it('refuses a password under 12 characters and an unknown role, naming both fields, and creates nothing', async () => {
    const res = await create({
      email: 'short@clinic.example',
      password: 'elevenchars',
      role: 'superuser',
      displayName: 'S',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.password', 'body.role']);
    expect((await api.deps.db.query("SELECT 1 FROM users WHERE email = 'short@clinic.example'")).rowCount).toBe(0);
  });

  it('lists by role, newest first, page by page', async () => {
    for (const name of ['P1', 'P2', 'P3'])
      await create({
        email: `${name}@list.example`,
        password: 'twelve chars!',
        role: 'practitioner',
        displayName: name,
      });
    const first = await api.call('GET', '/api/v1/users?role=practitioner&limit=2', { token: admin });
    expect(first.body.items.every((user: { role: string }) => user.role === 'practitioner')).toBe(true);
    const second = await api.call('GET', `/api/v1/users?role=practitioner&limit=2&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    const names = [...first.body.items, ...second.body.items].map((user: { displayName: string }) => user.displayName);
    expect(names.slice(0, 3)).toEqual(['P3', 'P2', 'P1']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('answers a forged cursor with 400 naming query.cursor, not a database error', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'nobody'])).toString('base64url');
    const res = await api.call('GET', `/api/v1/users?cursor=${forged}`, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'query.cursor', message: 'invalid cursor' }]);
  });

  it('disabling an unknown user answers 404', async () => {
    expect((await api.call('POST', `/api/v1/users/${randomUUID()}/disable`, { token: admin })).status).toBe(404);
  });

  it('a disabled account’s access token is refused at once, and a token for a role the account no longer has is refused', async () => {
    const created = await create({
      email: 'leaving@clinic.example',
      password: 'twelve chars!',
      role: 'practitioner',
      displayName: 'Leaving',
    });
    const token = api.tokenFor({ kind: 'user', userId: created.body.id, role: 'practitioner' });
    expect((await api.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    const asAdmin = api.tokenFor({ kind: 'user', userId: created.body.id, role: 'admin' });
    expect((await api.call('GET', '/api/v1/users', { token: asAdmin })).status).toBe(401);
    expect((await api.call('POST', `/api/v1/users/${created.body.id}/disable`, { token: admin })).status).toBe(200);
    const refused = await api.call('GET', '/api/v1/auth/me', { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
