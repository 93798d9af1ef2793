import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import type { DomainEvent } from '../deps';
import { findDueReminders, findRemindersOf, markReminder } from './appointment-reminders.repository';
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
const events: DomainEvent[] = [];
let admin: string;
let gateway: string;
let facility: string;
let patient: string;
let otherPatient: string;
const practitionerA = { id: '', token: '' };
const practitionerB = { id: '', token: '' };

// Wednesday 2 December 2026: A works 09:00-12:00 in Lagos (08:00-11:00 UTC), 30-minute slots.
const SLOT = '2026-12-02T08:00:00.000Z';
const SLOT_2 = '2026-12-02T08:30:00.000Z';

beforeAll(async () => {
  api = await startTestCoreApi();
  api.deps.clock = clock.now;
  api.deps.publish = (event) => events.push(event);
  const db = api.deps.db;
  admin = api.tokenFor({ kind: 'user', userId: await insertStaffUser(db, 'admin'), role: 'admin' });
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  facility = await insertFacility(db, 'Africa/Lagos');
  patient = await insertPatient(db);
  otherPatient = await insertPatient(db);
  for (const practitioner of [practitionerA, practitionerB]) {
    const userId = await insertStaffUser(db, 'practitioner');
    practitioner.id = await insertPractitioner(db, { userId });
    practitioner.token = api.tokenFor({ kind: 'user', userId, role: 'practitioner' });
    await insertRule(db, practitioner.id, {
      weekday: 3,
      start: '09:00',
      end: '12:00',
      slotMinutes: 30,
      timeZone: 'Africa/Lagos',
      facilityId: facility,
    });
    await insertRule(db, practitioner.id, {
      weekday: 4,
      start: '09:00',
      end: '10:00',
      slotMinutes: 30,
      timeZone: 'Africa/Nairobi',
    });
  }
});
afterAll(async () => {
  await api.close();
});

const book = (startsAt: string, overrides: Record<string, unknown> = {}, token = gateway) =>
  api.call('POST', '/api/v1/appointments', {
    token,
    body: {
      practitionerId: practitionerA.id,
      patientId: patient,
      startsAt,
      facilityId: facility,
      mode: 'in_person',
      ...overrides,
    },
  });

const countRows = async (sql: string, params: unknown[]) =>
  Number((await api.deps.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]?.n);

describe('booking', () => {
  it('when twenty-four patients race for one slot, exactly one gets 201, the rest 409 slot_taken, and one row exists', async () => {
    const patients = await Promise.all(Array.from({ length: 24 }, () => insertPatient(api.deps.db)));
    const responses = await Promise.all(patients.map((patientId) => book(SLOT, { patientId })));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(23);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.type).toContain('slot-taken');
    }
    expect(
      await countRows('appointments WHERE practitioner_id = $1 AND starts_at = $2', [practitionerA.id, SLOT]),
    ).toBe(1);
  });

  it('books an offered slot as requested, writes both reminders, audits and publishes to the practitioner room', async () => {
    events.length = 0;
    const response = await book(SLOT_2, { reason: 'fièvre depuis 3 jours', specialty: 'general' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'requested',
      startsAt: SLOT_2,
      endsAt: '2026-12-02T09:00:00.000Z',
      facilityId: facility,
      bookedVia: 'gateway',
    });
    const reminders = await findRemindersOf(api.deps.db, response.body.id);
    expect(reminders.map((r) => [r.kind, r.dueAt.toISOString(), r.status])).toEqual([
      ['24h', '2026-12-01T08:30:00.000Z', 'scheduled'],
      ['2h', '2026-12-02T06:30:00.000Z', 'scheduled'],
    ]);
    expect(events).toEqual([
      { type: 'appointment.updated', rooms: [`practitioner:${practitionerA.id}`], payload: response.body },
    ]);
    expect(
      await countRows("audit_log WHERE action = 'appointment.booked' AND record_id = $1 AND patient_id = $2", [
        response.body.id,
        patient,
      ]),
    ).toBe(1);
  });

  it('books a remote slot in the practitioner schedule zone (Thursday 09:00 Nairobi = 06:00 UTC)', async () => {
    const response = await book('2026-12-03T06:00:00Z', { facilityId: undefined, mode: 'remote' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ mode: 'remote', facilityId: null });
  });

  it.each([
    ['a time off the slot grid', '2026-12-02T08:10:00Z', {}],
    ['a time outside the schedule', '2026-12-02T14:00:00Z', {}],
    ['the past', '2026-11-25T08:00:00Z', {}],
    ['a remote request for an in-person slot', SLOT, { facilityId: undefined, mode: 'remote' }],
  ])('refuses %s with 400 on startsAt and books nothing', async (_case, startsAt, overrides) => {
    const before = await countRows('appointments', []);
    const response = await book(startsAt, overrides);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'body.startsAt' })]);
    expect(await countRows('appointments', [])).toBe(before);
  });

  it('answers an invalid body with 400 problem listing each field, and writes nothing', async () => {
    const before = await countRows('appointments', []);
    const response = await api.call('POST', '/api/v1/appointments', {
      token: gateway,
      body: { practitionerId: 'nope', patientId: patient, startsAt: 'tomorrow', mode: 'in_person', extra: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body.practitionerId', 'body.startsAt']));
    expect(await countRows('appointments', [])).toBe(before);
  });

  it('refuses an unverified practitioner with 409 invalid_state', async () => {
    const pending = await insertPractitioner(api.deps.db, { status: 'pending' });
    await insertRule(api.deps.db, pending, {
      weekday: 3,
      start: '09:00',
      end: '12:00',
      timeZone: 'Africa/Lagos',
      facilityId: facility,
    });
    const response = await book(SLOT, { practitionerId: pending });
    expect(response.status).toBe(409);
    expect(response.body.type).toContain('invalid-state');
  });

  it('lets a practitioner book only into their own schedule', async () => {
    expect((await book('2026-12-02T09:00:00Z', {}, practitionerB.token)).status).toBe(403);
    expect((await book('2026-12-02T09:00:00Z', { practitionerId: practitionerB.id }, practitionerB.token)).status).toBe(
      201,
    );
  });
});

describe('lifecycle', () => {
  it('confirms, refuses a second confirmation with 409 invalid_state, completes only after the start', async () => {
    const booked = await book('2026-12-02T09:30:00Z', { patientId: otherPatient });
    const id = booked.body.id;
    const confirmed = await api.call('POST', `/api/v1/appointments/${id}/confirm`, { token: practitionerA.token });
    expect(confirmed.body.status).toBe('confirmed');
    const again = await api.call('POST', `/api/v1/appointments/${id}/confirm`, { token: practitionerA.token });
    expect(again.status).toBe(409);
    expect(again.body.type).toContain('invalid-state');
    expect((await api.call('POST', `/api/v1/appointments/${id}/complete`, { token: practitionerA.token })).status).toBe(
      409,
    );
    clock.set('2026-12-02T10:00:00Z');
    try {
      const completed = await api.call('POST', `/api/v1/appointments/${id}/complete`, { token: practitionerA.token });
      expect(completed.body.status).toBe('completed');
      expect(
        (await api.call('POST', `/api/v1/appointments/${id}/cancel`, { token: admin, body: { reason: 'late' } }))
          .status,
      ).toBe(409);
      expect((await findRemindersOf(api.deps.db, id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    } finally {
      clock.set('2026-11-30T06:00:00Z');
    }
  });

  it('lets the patient cancel through the gateway only when naming the right patient, and cancels the reminders', async () => {
    const booked = await book('2026-12-02T10:00:00Z');
    const id = booked.body.id;
    const wrong = await api.call('POST', `/api/v1/appointments/${id}/cancel`, {
      token: gateway,
      body: { reason: 'plus besoin', patientId: otherPatient },
    });
    expect(wrong.status).toBe(404);
    const cancelled = await api.call('POST', `/api/v1/appointments/${id}/cancel`, {
      token: gateway,
      body: { reason: 'plus besoin', patientId: patient },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'plus besoin' });
    expect((await findRemindersOf(api.deps.db, id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // A cancelled slot is free again.
    expect((await book('2026-12-02T10:00:00Z', { patientId: otherPatient })).status).toBe(201);
  });

  it('refuses the gateway the practitioner-only transitions with 403', async () => {
    const booked = await book('2026-12-02T10:30:00Z');
    const response = await api.call('POST', `/api/v1/appointments/${booked.body.id}/confirm`, { token: gateway });
    expect(response.status).toBe(403);
  });

  it('needs a reason to decline', async () => {
    const booked = await book('2026-12-03T06:30:00Z', { facilityId: undefined, mode: 'remote' });
    expect(
      (
        await api.call('POST', `/api/v1/appointments/${booked.body.id}/decline`, {
          token: practitionerA.token,
          body: {},
        })
      ).status,
    ).toBe(400);
    const declined = await api.call('POST', `/api/v1/appointments/${booked.body.id}/decline`, {
      token: practitionerA.token,
      body: { reason: 'congé' },
    });
    expect(declined.body.status).toBe('cancelled');
  });
});

describe('rescheduling', () => {
  it('when twenty appointments race into one slot, one moves and the others stay where they were', async () => {
    const target = '2026-12-09T10:30:00.000Z';
    const ids: string[] = [];
    const patients = await Promise.all(Array.from({ length: 20 }, () => insertPatient(api.deps.db)));
    for (const [index, patientId] of patients.entries()) {
      const startsAt = new Date(
        Date.parse('2026-12-16T08:00:00Z') + Math.floor(index / 6) * 7 * 86_400_000 + (index % 6) * 30 * 60_000,
      );
      const booked = await book(startsAt.toISOString(), { patientId });
      expect(booked.status).toBe(201);
      ids.push(booked.body.id);
    }
    const responses = await Promise.all(
      ids.map((id) =>
        api.call('POST', `/api/v1/appointments/${id}/reschedule`, { token: admin, body: { startsAt: target } }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await countRows("appointments WHERE starts_at = $1 AND status <> 'cancelled'", [target])).toBe(1);
    expect(
      await countRows('appointments WHERE id = ANY($1::uuid[]) AND starts_at >= $2', [ids, '2026-12-16T00:00:00Z']),
    ).toBe(19);
  });

  it('moves a confirmed appointment by the patient back to requested and rewrites the reminders', async () => {
    const booked = await book('2026-12-09T08:00:00Z');
    await api.call('POST', `/api/v1/appointments/${booked.body.id}/confirm`, { token: practitionerA.token });
    const moved = await api.call('POST', `/api/v1/appointments/${booked.body.id}/reschedule`, {
      token: gateway,
      body: { startsAt: '2026-12-09T08:30:00Z', patientId: patient },
    });
    expect(moved.body).toMatchObject({ status: 'requested', startsAt: '2026-12-09T08:30:00.000Z' });
    expect((await findRemindersOf(api.deps.db, booked.body.id)).map((r) => r.dueAt.toISOString())).toEqual([
      '2026-12-08T08:30:00.000Z',
      '2026-12-09T06:30:00.000Z',
    ]);
  });
});

describe('reading', () => {
  it('gives practitioner B a 404 for A’s appointment and lists only B’s own', async () => {
    const booked = await book('2026-12-09T09:00:00Z');
    expect(
      (await api.call('GET', `/api/v1/appointments/${booked.body.id}`, { token: practitionerB.token })).status,
    ).toBe(404);
    expect(
      (await api.call('GET', `/api/v1/appointments/${booked.body.id}`, { token: practitionerA.token })).status,
    ).toBe(200);
    const list = await api.call('GET', '/api/v1/appointments?limit=200', { token: practitionerB.token });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((item: { practitionerId: string }) => item.practitionerId === practitionerB.id)).toBe(
      true,
    );
    expect(await countRows("audit_log WHERE action = 'appointment.read' AND record_id = $1", [booked.body.id])).toBe(1);
  });

  it('requires the gateway to name the patient and pages with a cursor', async () => {
    expect((await api.call('GET', '/api/v1/appointments', { token: gateway })).status).toBe(400);
    const first = await api.call('GET', `/api/v1/appointments?patientId=${patient}&limit=2`, { token: gateway });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((item: { patientId: string }) => item.patientId === patient)).toBe(true);
    const second = await api.call(
      'GET',
      `/api/v1/appointments?patientId=${patient}&limit=2&cursor=${first.body.nextCursor}`,
      { token: gateway },
    );
    expect(second.body.items[0].startsAt >= first.body.items[1].startsAt).toBe(true);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    expect((await api.call('GET', '/api/v1/appointments?cursor=garbage', { token: admin })).status).toBe(400);
  });
});

describe('reminders for the jobs worker', () => {
  it('finds due reminders of live appointments and lets one worker claim each', async () => {
    const due = await findDueReminders(api.deps.db, new Date('2026-12-01T08:30:00Z'), 100);
    expect(due.length).toBeGreaterThan(0);
    expect(
      due.every(
        (reminder) => reminder.kind === '24h' && reminder.dueAt.getTime() <= Date.parse('2026-12-01T08:30:00Z'),
      ),
    ).toBe(true);
    const [first] = due;
    if (!first) throw new Error('expected a reminder');
    expect(await markReminder(api.deps.db, first.id, 'sent')).toBe(true);
    expect(await markReminder(api.deps.db, first.id, 'sent')).toBe(false);
  });
});
