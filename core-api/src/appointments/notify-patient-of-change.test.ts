import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import {
  insertFacility,
  insertPatient,
  insertPractitioner,
  insertRule,
  insertStaffUser,
  manualClock,
} from './scheduling-fixtures';

let api: TestCoreApi;
const clock = manualClock('2026-11-30T06:00:00Z');
let gateway: string;
let practitioner: { id: string; token: string };
let facility: string;

// Wednesday 2 December 2026, 09:00-12:00 in Dakar (UTC+0), 30-minute slots.
const SLOT = '2026-12-02T09:00:00.000Z';
const LATER_SLOT = '2026-12-02T10:30:00.000Z';

beforeAll(async () => {
  api = await startTestCoreApi();
  api.deps.clock = clock.now;
  const db = api.deps.db;
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  facility = await insertFacility(db, 'Africa/Dakar');
  const userId = await insertStaffUser(db, 'practitioner');
  practitioner = {
    id: await insertPractitioner(db, { userId }),
    token: api.tokenFor({ kind: 'user', userId, role: 'practitioner' }),
  };
  await insertRule(db, practitioner.id, {
    weekday: 3,
    start: '09:00',
    end: '12:00',
    slotMinutes: 30,
    timeZone: 'Africa/Dakar',
    facilityId: facility,
  });
});
afterAll(async () => {
  await api.close();
});

async function patientWhoWroteBySms(lang: 'fr' | 'en', phone: string): Promise<string> {
  const id = await insertPatient(api.deps.db);
  await api.deps.db.query('UPDATE patients SET preferred_language = $2 WHERE id = $1', [id, lang]);
  await api.deps.db.query(`INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, 'phone', $2)`, [
    id,
    phone,
  ]);
  await api.deps.db.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, body, status) VALUES ('in', 'africastalking-sms', $2, $1, 'rdv', 'received')`,
    [id, phone],
  );
  return id;
}

async function book(patientId: string, startsAt: string): Promise<string> {
  const booked = await api.call('POST', '/api/v1/appointments', {
    token: gateway,
    body: { practitionerId: practitioner.id, patientId, startsAt, facilityId: facility, mode: 'in_person' },
  });
  expect(booked.status).toBe(201);
  return booked.body.id;
}

const outboxFor = async (patientId: string) =>
  (
    await api.deps.db.query<{ body: string; channel: string; status: string; contact_address: string }>(
      `SELECT body, channel, status, contact_address FROM messages WHERE patient_id = $1 AND direction = 'out' ORDER BY created_at`,
      [patientId],
    )
  ).rows;

describe('telling the patient when staff change their appointment', () => {
  it('when the practitioner confirms, queues one SMS in the patient language with the local time', async () => {
    const patient = await patientWhoWroteBySms('fr', '+221770000101');
    const id = await book(patient, SLOT);
    expect(await outboxFor(patient)).toEqual([]);
    const confirmed = await api.call('POST', `/api/v1/appointments/${id}/confirm`, { token: practitioner.token });
    expect(confirmed.status).toBe(200);
    const [message, ...others] = await outboxFor(patient);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      channel: 'africastalking-sms',
      status: 'queued',
      contact_address: '+221770000101',
    });
    expect(message?.body).toContain('confirmé');
    expect(message?.body).toContain('09:00');
  });

  it('when the practitioner declines, the patient is told why, in English', async () => {
    const patient = await patientWhoWroteBySms('en', '+221770000102');
    const id = await book(patient, LATER_SLOT);
    const declined = await api.call('POST', `/api/v1/appointments/${id}/decline`, {
      token: practitioner.token,
      body: { reason: 'on call at the hospital' },
    });
    expect(declined.status).toBe(200);
    const messages = await outboxFor(patient);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain('could not be accepted (on call at the hospital)');
  });

  it('when the practitioner reschedules, the patient gets the new time', async () => {
    const patient = await patientWhoWroteBySms('fr', '+221770000103');
    const id = await book(patient, '2026-12-02T09:30:00.000Z');
    const moved = await api.call('POST', `/api/v1/appointments/${id}/reschedule`, {
      token: practitioner.token,
      body: { startsAt: '2026-12-02T11:00:00.000Z' },
    });
    expect(moved.status).toBe(200);
    const messages = await outboxFor(patient);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body).toContain('11:00');
  });

  it('when the patient never wrote from any channel, the change is made and nothing is queued', async () => {
    const patient = await insertPatient(api.deps.db);
    const id = await book(patient, '2026-12-02T10:00:00.000Z');
    expect((await api.call('POST', `/api/v1/appointments/${id}/confirm`, { token: practitioner.token })).status).toBe(
      200,
    );
    expect(await outboxFor(patient)).toEqual([]);
  });
});
