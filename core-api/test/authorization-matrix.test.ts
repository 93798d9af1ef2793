import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createCoreApiApp } from '../src/app';
import type { Access, RegisteredRoute } from '../src/shared/api-router';
import type { Principal } from '../src/shared/principal';
import { startTestCoreApi, type TestCoreApi } from './harness';

/**
 * Every registered route x every kind of caller: a caller the route's `access` forbids gets 401
 * (anonymous) or 403, never anything else. Routes other engineers add are covered automatically.
 */
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

const PRINCIPALS: Record<string, Principal | undefined> = {
  anonymous: undefined,
  patient: { kind: 'patient', patientId: randomUUID() },
  practitioner: { kind: 'user', userId: randomUUID(), role: 'practitioner' },
  facility_admin: { kind: 'user', userId: randomUUID(), role: 'facility_admin' },
  admin: { kind: 'user', userId: randomUUID(), role: 'admin' },
  'gateway client': { kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] },
  'client with no scopes': { kind: 'client', clientId: 'scopeless', scopes: [] },
  'facility stock client': { kind: 'client', clientId: 'stock', scopes: ['resources:write'], facilityId: randomUUID() },
};

/** The documented meaning of `access`, written independently of the router's own check. */
function isAllowed(access: Access, principal: Principal | undefined): boolean {
  if ('public' in access) return true;
  if (!principal) return false;
  if ('authenticated' in access) return true;
  if (principal.kind === 'client') return (access.scopes ?? []).some((scope) => principal.scopes.includes(scope));
  return access.roles.includes(principal.kind === 'patient' ? 'patient' : principal.role);
}

/** Express 5 paths: `:id` gets a valid uuid, `{/:optional}` is filled in, `*splat` gets one segment. */
function concretePath(path: string): string {
  return path.replace(/[{}]/g, '').replace(/:\w+/g, DUMMY_ID).replace(/\*\w+/g, 'x');
}

let api: TestCoreApi;
let routes: RegisteredRoute[];

beforeAll(async () => {
  api = await startTestCoreApi();
  // A second app over the same deps only to read its route table; its own metrics registry avoids duplicates.
  routes = createCoreApiApp({ ...api.deps, metrics: new Registry() }).routes;
});
afterAll(async () => {
  await api.close();
});

async function callAs(principal: Principal | undefined, route: RegisteredRoute) {
  const method = route.method.toUpperCase();
  return api.call(method, concretePath(route.path), {
    token: principal ? api.tokenFor(principal) : undefined,
    body: method === 'GET' || method === 'DELETE' ? undefined : {},
  });
}

describe('authorization matrix over every registered route', () => {
  it('covers the identity routes at least', () => {
    const listed = routes.map((route) => `${route.method} ${route.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'post /api/v1/patients/resolve',
        'get /api/v1/patients/:id',
        'get /api/v1/audit',
        'post /api/v1/users',
        'post /oauth/token',
      ]),
    );
  });

  it.each(Object.keys(PRINCIPALS))('a route that forbids %s answers it 401/403, never 2xx', async (name) => {
    const principal = PRINCIPALS[name];
    const expected = principal ? 403 : 401;
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => !isAllowed(candidate.access, principal))) {
      const res = await callAs(principal, route);
      if (res.status !== expected)
        wrong.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status} (expected ${expected})`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(Object.keys(PRINCIPALS))(
    'a route that allows %s never answers it 5xx on a dummy id and an empty body',
    async (name) => {
      const principal = PRINCIPALS[name];
      const wrong: string[] = [];
      for (const route of routes.filter(
        (candidate) => isAllowed(candidate.access, principal) && !('public' in candidate.access),
      )) {
        const res = await callAs(principal, route);
        if (res.status >= 500) wrong.push(`${route.method.toUpperCase()} ${route.path} -> ${res.status}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});

describe('object-level checks of identity routes', () => {
  const db = () => api.deps.db;
  const gateway = () => api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  const admin = () => api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });

  async function insertUser(role: 'practitioner' | 'facility_admin') {
    const result = await db().query<{ id: string }>(
      `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, 'not-a-hash', $2, 'Test') RETURNING id`,
      [`${randomUUID()}@clinic.example`, role],
    );
    return result.rows[0]?.id ?? '';
  }
  async function insertPractitioner() {
    const userId = await insertUser('practitioner');
    const result = await db().query<{ id: string }>(
      `INSERT INTO practitioners (user_id, full_name, licence_number) VALUES ($1, 'Dr', $2) RETURNING id`,
      [userId, randomUUID()],
    );
    return {
      userId,
      practitionerId: result.rows[0]?.id ?? '',
      token: api.tokenFor({ kind: 'user', userId, role: 'practitioner' }),
    };
  }
  async function insertFacility() {
    const result = await db().query<{ id: string }>(
      `INSERT INTO facilities (name, type, country, country_iso3) VALUES ('CSI', 'health_centre', 'Niger', 'NER') RETURNING id`,
    );
    return result.rows[0]?.id ?? '';
  }
  async function patientFollowedBy(practitionerId: string, options: { left?: boolean } = {}) {
    const phone = `+22790${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const resolved = await api.call('POST', '/api/v1/patients/resolve', {
      token: gateway(),
      body: { identity: { kind: 'phone', address: phone }, channel: 'twilio-sms' },
    });
    const consultation = await db().query<{ id: string }>(
      `INSERT INTO consultations (patient_id, channel) VALUES ($1, 'twilio-sms') RETURNING id`,
      [resolved.body.id],
    );
    await db().query(
      'INSERT INTO consultation_participants (consultation_id, practitioner_id, left_at) VALUES ($1, $2, $3)',
      [consultation.rows[0]?.id, practitionerId, options.left ? new Date() : null],
    );
    return String(resolved.body.id);
  }

  it('practitioner B cannot read a patient of practitioner A (404, audited as denied); A can, without contact details', async () => {
    const a = await insertPractitioner();
    const b = await insertPractitioner();
    const patientId = await patientFollowedBy(a.practitionerId);
    const seenByA = await api.call('GET', `/api/v1/patients/${patientId}`, { token: a.token });
    expect(seenByA.status).toBe(200);
    expect(seenByA.body.identities).toBeUndefined();
    const seenByB = await api.call('GET', `/api/v1/patients/${patientId}`, { token: b.token });
    expect(seenByB.status).toBe(404);
    const audit = await db().query<{ outcome: string }>(
      "SELECT outcome FROM audit_log WHERE action = 'patient.read' AND actor_id = $1",
      [b.userId],
    );
    expect(audit.rows).toEqual([{ outcome: 'denied' }]);
  });

  it('a practitioner who left the consultation no longer sees the patient; one holding an appointment does', async () => {
    const left = await insertPractitioner();
    const booked = await insertPractitioner();
    const patientId = await patientFollowedBy(left.practitionerId, { left: true });
    await db().query(
      `INSERT INTO appointments (practitioner_id, patient_id, starts_at, ends_at) VALUES ($1, $2, now() + interval '1 day', now() + interval '1 day 20 minutes')`,
      [booked.practitionerId, patientId],
    );
    expect((await api.call('GET', `/api/v1/patients/${patientId}`, { token: left.token })).status).toBe(404);
    expect((await api.call('GET', `/api/v1/patients/${patientId}`, { token: booked.token })).status).toBe(200);
  });

  it('a facility admin of X cannot assign themselves facility Y; an admin can, only to a facility admin, only existing facilities', async () => {
    const facilityAdmin = await insertUser('facility_admin');
    const [x, y] = [await insertFacility(), await insertFacility()];
    const assign = (token: string, userId: string, facilityIds: string[]) =>
      api.call('PUT', `/api/v1/users/${userId}/facilities`, { token, body: { facilityIds } });
    expect((await assign(admin(), facilityAdmin, [x])).body.facilityIds).toEqual([x]);
    const own = api.tokenFor({ kind: 'user', userId: facilityAdmin, role: 'facility_admin' });
    expect((await assign(own, facilityAdmin, [x, y])).status).toBe(403);
    expect(
      (await db().query('SELECT facility_id FROM facility_admins WHERE user_id = $1', [facilityAdmin])).rows,
    ).toEqual([{ facility_id: x }]);
    const practitioner = await insertPractitioner();
    expect((await assign(admin(), practitioner.userId, [x])).status).toBe(409);
    expect((await assign(admin(), facilityAdmin, [DUMMY_ID])).status).toBe(400);
  });

  it('an admin cannot disable their own account', async () => {
    const adminUser = await db().query<{ id: string }>(
      `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, 'x', 'admin', 'A') RETURNING id`,
      [`${randomUUID()}@x.example`],
    );
    const id = adminUser.rows[0]?.id ?? '';
    const res = await api.call('POST', `/api/v1/users/${id}/disable`, {
      token: api.tokenFor({ kind: 'user', userId: id, role: 'admin' }),
    });
    expect(res.status).toBe(409);
  });
});
