import { randomInt } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

let api: TestCoreApi;
let gateway: string;
let admin: string;

beforeAll(async () => {
  api = await startTestCoreApi();
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  admin = api.tokenFor({ kind: 'user', userId: '00000000-0000-4000-8000-000000000001', role: 'admin' });
});
afterAll(async () => {
  await api.close();
});

/** A valid Nigerien mobile number (+227 9x xx xx xx), different each call. */
const nigerPhone = () => `+2279${randomInt(0, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
const resolve = (address: string, kind: 'phone' | 'whatsapp' = 'phone', language?: 'fr' | 'en') =>
  api.call('POST', '/api/v1/patients/resolve', {
    token: gateway,
    body: { identity: { kind, address }, channel: 'africastalking-ussd', language },
  });
const countPatients = async () =>
  Number((await api.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM patients')).rows[0]?.n);

describe('POST /api/v1/patients/resolve', () => {
  it('creates a patient once, then finds the same one under another spelling of the number', async () => {
    const phone = nigerPhone();
    const first = await resolve(phone, 'phone', 'en');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      id: expect.any(String),
      preferredLanguage: 'en',
      consent: null,
      optedOut: false,
      erased: false,
      identities: [{ kind: 'phone', address: phone }],
      position: null,
    });
    const spaced = `${phone.slice(0, 4)} ${phone.slice(4, 6)} ${phone.slice(6, 8)}-${phone.slice(8)}`;
    const again = await resolve(spaced);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.preferredLanguage).toBe('en');
  });

  it('stores a WhatsApp id as digits, whatever the spelling', async () => {
    const phone = nigerPhone();
    const res = await resolve(`whatsapp:${phone}`, 'whatsapp');
    expect(res.body.identities).toEqual([{ kind: 'whatsapp', address: phone.slice(1) }]);
    expect((await resolve(phone.slice(1), 'whatsapp')).body.id).toBe(res.body.id);
  });

  it('when 20 resolves for one new identity race, creates exactly one patient', async () => {
    const phone = nigerPhone();
    const before = await countPatients();
    const results = await Promise.all(Array.from({ length: 20 }, () => resolve(phone)));
    expect(results.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((res) => res.body.id)).size).toBe(1);
    expect(await countPatients()).toBe(before + 1);
  });

  it.each([['0790123456'], ['+227123'], ['+1 555 0100 999'], ['not a phone']])(
    'refuses %s with 400 naming the field, and writes nothing',
    async (address) => {
      const before = await countPatients();
      const res = await resolve(address);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([
        { path: 'body.identity.address', message: expect.stringContaining('phone number') },
      ]);
      expect(await countPatients()).toBe(before);
    },
  );

  it('refuses a staff user (only the gateway acts for patients)', async () => {
    const res = await api.call('POST', '/api/v1/patients/resolve', {
      token: admin,
      body: { identity: { kind: 'phone', address: nigerPhone() }, channel: 'twilio-sms' },
    });
    expect(res.status).toBe(403);
  });
});

describe('patient changes through the gateway', () => {
  it('records consent, which resolve then returns, and audits it', async () => {
    const phone = nigerPhone();
    const { body: patient } = await resolve(phone);
    const res = await api.call('POST', `/api/v1/patients/${patient.id}/consent`, {
      token: gateway,
      body: { version: 'v1', channel: 'africastalking-ussd' },
    });
    expect(res.status).toBe(200);
    expect(res.body.consent).toEqual({ version: 'v1', at: expect.any(String), channel: 'africastalking-ussd' });
    expect((await resolve(phone)).body.consent).toMatchObject({ version: 'v1' });
    const audit = await api.deps.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'patient.consent' AND patient_id = $1",
      [patient.id],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('patches language and location; bad values get field errors and change nothing', async () => {
    const { body: patient } = await resolve(nigerPhone());
    const ok = await api.call('PATCH', `/api/v1/patients/${patient.id}`, {
      token: gateway,
      body: {
        language: 'en',
        birthYear: 1990,
        sex: 'female',
        location: { countryIso3: 'NER', adminArea: 'Niamey', lat: 13.5, lon: 2.1 },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      preferredLanguage: 'en',
      birthYear: 1990,
      location: { countryIso3: 'NER', adminArea: 'Niamey', lat: 13.5, lon: 2.1 },
    });
    const bad = await api.call('PATCH', `/api/v1/patients/${patient.id}`, {
      token: gateway,
      body: { language: 'de', location: { countryIso3: 'niger', lat: 100 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['body.language', 'body.location.countryIso3', 'body.location.lat']),
    );
    expect((await api.call('GET', `/api/v1/patients/${patient.id}`, { token: gateway })).body.preferredLanguage).toBe(
      'en',
    );
  });

  it('links a second identity, but not one that belongs to another patient (409)', async () => {
    const { body: first } = await resolve(nigerPhone());
    const otherPhone = nigerPhone();
    const { body: second } = await resolve(otherPhone);
    const whatsapp = nigerPhone();
    const linked = await api.call('POST', `/api/v1/patients/${first.id}/identities`, {
      token: gateway,
      body: { identity: { kind: 'whatsapp', address: whatsapp } },
    });
    expect(linked.status).toBe(200);
    expect(linked.body.identities).toHaveLength(2);
    expect((await resolve(whatsapp, 'whatsapp')).body.id).toBe(first.id);
    const taken = await api.call('POST', `/api/v1/patients/${first.id}/identities`, {
      token: gateway,
      body: { identity: { kind: 'phone', address: otherPhone } },
    });
    expect(taken.status).toBe(409);
    expect((await resolve(otherPhone)).body.id).toBe(second.id);
  });

  it('opt-out sets optedOut, opt-in clears it', async () => {
    const { body: patient } = await resolve(nigerPhone());
    const out = await api.call('POST', `/api/v1/patients/${patient.id}/opt-out`, {
      token: gateway,
      body: { channel: 'twilio-sms' },
    });
    expect(out.body.optedOut).toBe(true);
    const back = await api.call('POST', `/api/v1/patients/${patient.id}/opt-in`, {
      token: gateway,
      body: { channel: 'twilio-sms' },
    });
    expect(back.body.optedOut).toBe(false);
  });

  it('answers 404 for a patient that does not exist', async () => {
    const res = await api.call('POST', '/api/v1/patients/00000000-0000-4000-8000-00000000dead/consent', {
      token: gateway,
      body: { version: 'v1', channel: 'twilio-sms' },
    });
    expect(res.status).toBe(404);
  });
});

describe('GET /api/v1/patients (admin)', () => {
  it('finds a patient by any spelling of their phone, without contact details in the list', async () => {
    const phone = nigerPhone();
    const { body: patient } = await resolve(phone);
    const res = await api.call('GET', `/api/v1/patients?phone=${encodeURIComponent(phone.slice(1))}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([patient.id]);
    expect(res.body.items[0].identities).toBeUndefined();
  });

  it('pages with a cursor without repeating anyone', async () => {
    const first = await api.call('GET', '/api/v1/patients?limit=2', { token: admin });
    const second = await api.call('GET', `/api/v1/patients?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(4);
  });
});
