import { randomUUID } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { insertAdmin, insertPatient, insertPractitioner } from '../../test/fixtures/consultation-fixtures';

let api: TestCoreApi;
let admin: string;

beforeAll(async () => {
  api = await startTestCoreApi();
  admin = api.tokenFor(await insertAdmin(api.deps.db));
});
afterAll(async () => {
  await api.close();
});

const db = () => api.deps.db;
const get = (path: string, token = admin) => api.call('GET', `/api/v1/stats/${path}`, { token });

async function insertMessage(fields: {
  channel: string;
  direction: 'in' | 'out';
  at: string;
  status?: string;
  consultationId?: string;
  authorPractitionerId?: string;
}) {
  await db().query(
    `INSERT INTO messages (direction, channel, contact_address, consultation_id, author_practitioner_id, body, status, created_at, updated_at)
     VALUES ($1, $2, '+237600000000', $3, $4, 'x', $5, $6, $6)`,
    [
      fields.direction,
      fields.channel,
      fields.consultationId ?? null,
      fields.authorPractitionerId ?? null,
      fields.status ?? (fields.direction === 'in' ? 'received' : 'delivered'),
      fields.at,
    ],
  );
}

async function insertConsultation(): Promise<string> {
  const patient = await insertPatient(db());
  const result = await db().query<{ id: string }>(
    `INSERT INTO consultations (patient_id, status, channel) VALUES ($1, 'resolved', 'twilio-sms') RETURNING id`,
    [patient.patientId],
  );
  return result.rows[0]!.id;
}

describe('messages per channel per day', () => {
  it('counts both directions per channel and local day, with zero days filled and quiet channels left out', async () => {
    await insertMessage({ channel: 'africastalking-sms', direction: 'in', at: '2025-01-01T09:00:00Z' });
    await insertMessage({ channel: 'africastalking-sms', direction: 'out', at: '2025-01-01T09:01:00Z' });
    await insertMessage({ channel: 'africastalking-sms', direction: 'out', at: '2025-01-03T10:00:00Z' });
    await insertMessage({ channel: 'meta-whatsapp', direction: 'in', at: '2025-01-02T12:00:00Z' });
    // 23:30 UTC is already the next day in Lagos (UTC+1).
    await insertMessage({ channel: 'meta-whatsapp', direction: 'in', at: '2025-01-02T23:30:00Z' });
    await insertMessage({ channel: 'meta-whatsapp', direction: 'in', at: '2025-01-05T12:00:00Z' });

    const res = await get('messages?from=2025-01-01&to=2025-01-03&timeZone=Africa/Lagos');

    expect(res.status).toBe(200);
    expect(res.body.range).toEqual({
      from: '2025-01-01',
      to: '2025-01-03',
      timeZone: 'Africa/Lagos',
      days: ['2025-01-01', '2025-01-02', '2025-01-03'],
    });
    expect(res.body.series).toEqual([
      {
        channel: 'africastalking-sms',
        total: 3,
        points: [
          { day: '2025-01-01', inbound: 1, outbound: 1 },
          { day: '2025-01-02', inbound: 0, outbound: 0 },
          { day: '2025-01-03', inbound: 0, outbound: 1 },
        ],
      },
      {
        channel: 'meta-whatsapp',
        total: 2,
        points: [
          { day: '2025-01-01', inbound: 0, outbound: 0 },
          { day: '2025-01-02', inbound: 1, outbound: 0 },
          { day: '2025-01-03', inbound: 1, outbound: 0 },
        ],
      },
    ]);
  });

  it('when nothing happened in the range, returns no series and the days of the range', async () => {
    const res = await get('messages?from=2024-06-01&to=2024-06-02');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      range: { from: '2024-06-01', to: '2024-06-02', timeZone: 'UTC', days: ['2024-06-01', '2024-06-02'] },
      series: [],
    });
  });

  it('without dates, covers the 30 days up to today', async () => {
    const res = await get('messages');
    const today = new Date().toISOString().slice(0, 10);
    expect(res.status).toBe(200);
    expect(res.body.range.days).toHaveLength(30);
    expect(res.body.range.to).toBe(today);
  });
});

describe('triage levels', () => {
  it('counts each level, most urgent first, zero for levels not seen', async () => {
    const rows: [string, string][] = [
      ['emergency', '2025-02-01T08:00:00Z'],
      ['routine', '2025-02-01T09:00:00Z'],
      ['routine', '2025-02-02T09:00:00Z'],
      ['routine', '2025-03-01T09:00:00Z'],
    ];
    for (const [level, at] of rows) {
      await db().query(`INSERT INTO triage_records (level, protocol_version, created_at) VALUES ($1, 't-1', $2)`, [
        level,
        at,
      ]);
    }

    const res = await get('triage-levels?from=2025-02-01&to=2025-02-28');

    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.levels).toEqual([
      { level: 'emergency', count: 1 },
      { level: 'urgent', count: 0 },
      { level: 'routine', count: 2 },
      { level: 'self_care', count: 0 },
    ]);
  });
});

describe('median first-response time', () => {
  it('measures from the first patient message to the first practitioner reply, ignoring bot messages and unanswered cases', async () => {
    const doctor = await insertPractitioner(db());
    const quick = await insertConsultation();
    await insertMessage({ channel: 'twilio-sms', direction: 'in', at: '2025-04-01T10:00:00Z', consultationId: quick });
    await insertMessage({ channel: 'twilio-sms', direction: 'out', at: '2025-04-01T10:00:05Z', consultationId: quick });
    await insertMessage({ channel: 'twilio-sms', direction: 'in', at: '2025-04-01T10:01:00Z', consultationId: quick });
    await insertMessage({
      channel: 'twilio-sms',
      direction: 'out',
      at: '2025-04-01T10:02:00Z',
      consultationId: quick,
      authorPractitionerId: doctor.practitionerId,
    });
    const slow = await insertConsultation();
    await insertMessage({ channel: 'twilio-sms', direction: 'in', at: '2025-04-01T12:00:00Z', consultationId: slow });
    await insertMessage({
      channel: 'twilio-sms',
      direction: 'out',
      at: '2025-04-01T12:10:00Z',
      consultationId: slow,
      authorPractitionerId: doctor.practitionerId,
    });
    const nextDay = await insertConsultation();
    await insertMessage({
      channel: 'twilio-sms',
      direction: 'in',
      at: '2025-04-02T08:00:00Z',
      consultationId: nextDay,
    });
    await insertMessage({
      channel: 'twilio-sms',
      direction: 'out',
      at: '2025-04-02T09:00:00Z',
      consultationId: nextDay,
      authorPractitionerId: doctor.practitionerId,
    });
    const unanswered = await insertConsultation();
    await insertMessage({
      channel: 'twilio-sms',
      direction: 'in',
      at: '2025-04-02T08:30:00Z',
      consultationId: unanswered,
    });

    const res = await get('first-response?from=2025-04-01&to=2025-04-03');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ medianSeconds: 600, answered: 3, unanswered: 1 });
    expect(res.body.points).toEqual([
      { day: '2025-04-01', medianSeconds: 360, answered: 2 },
      { day: '2025-04-02', medianSeconds: 3600, answered: 1 },
      { day: '2025-04-03', medianSeconds: null, answered: 0 },
    ]);
  });

  it('counts a consultation on the day of its first patient message only, not again for later ones', async () => {
    const doctor = await insertPractitioner(db());
    const id = await insertConsultation();
    await insertMessage({ channel: 'meta-whatsapp', direction: 'in', at: '2025-05-01T10:00:00Z', consultationId: id });
    await insertMessage({
      channel: 'meta-whatsapp',
      direction: 'out',
      at: '2025-05-01T10:00:30Z',
      consultationId: id,
      authorPractitionerId: doctor.practitionerId,
    });
    await insertMessage({ channel: 'meta-whatsapp', direction: 'in', at: '2025-05-02T10:00:00Z', consultationId: id });

    const res = await get('first-response?from=2025-05-02&to=2025-05-02');

    expect(res.body).toMatchObject({ medianSeconds: null, answered: 0, unanswered: 0 });
  });
});

describe('no-show rate', () => {
  it('is no-shows over attended plus missed appointments, leaving out cancelled and future ones', async () => {
    const doctor = await insertPractitioner(db());
    const patient = await insertPatient(db());
    const slots: [string, string][] = [
      ['2025-06-02T08:00:00Z', 'no_show'],
      ['2025-06-02T09:00:00Z', 'completed'],
      ['2025-06-02T10:00:00Z', 'cancelled'],
      ['2025-06-03T08:00:00Z', 'completed'],
      ['2025-06-03T09:00:00Z', 'completed'],
      ['2025-06-03T10:00:00Z', 'confirmed'],
    ];
    for (const [startsAt, status] of slots) {
      await db().query(
        `INSERT INTO appointments (practitioner_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $3::timestamptz + interval '20 minutes', $4)`,
        [doctor.practitionerId, patient.patientId, startsAt, status],
      );
    }

    const res = await get('no-shows?from=2025-06-02&to=2025-06-03');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rate: 0.25, noShows: 1, attended: 3 });
    expect(res.body.points).toEqual([
      { day: '2025-06-02', noShows: 1, attended: 1, rate: 0.5 },
      { day: '2025-06-03', noShows: 0, attended: 2, rate: 0 },
    ]);
  });
});

describe('dead-lettered messages', () => {
  it('counts outbound messages given up per day and channel, not failed ones still retrying', async () => {
    await insertMessage({ channel: 'twilio-sms', direction: 'out', status: 'dead', at: '2025-07-01T10:00:00Z' });
    await insertMessage({ channel: 'twilio-sms', direction: 'out', status: 'dead', at: '2025-07-02T10:00:00Z' });
    await insertMessage({ channel: 'meta-whatsapp', direction: 'out', status: 'dead', at: '2025-07-02T11:00:00Z' });
    await insertMessage({ channel: 'meta-whatsapp', direction: 'out', status: 'failed', at: '2025-07-02T12:00:00Z' });

    const res = await get('dead-letters?from=2025-07-01&to=2025-07-02');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 3,
      byChannel: [
        { channel: 'twilio-sms', count: 2 },
        { channel: 'meta-whatsapp', count: 1 },
      ],
      points: [
        { day: '2025-07-01', count: 1 },
        { day: '2025-07-02', count: 2 },
      ],
    });
  });
});

describe('who may read statistics', () => {
  it.each(['messages', 'triage-levels', 'first-response', 'no-shows', 'dead-letters'])(
    '/stats/%s answers 403 to a practitioner and a facility admin, 401 without a token',
    async (path) => {
      const doctor = await insertPractitioner(db());
      const facilityAdmin = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'facility_admin' });
      expect((await get(path, api.tokenFor(doctor.principal))).status).toBe(403);
      expect((await get(path, facilityAdmin)).status).toBe(403);
      expect((await api.call('GET', `/api/v1/stats/${path}`)).status).toBe(401);
    },
  );
});

describe('bad date ranges', () => {
  it.each([
    ['from after to', 'from=2025-02-01&to=2025-01-01', 'query.from'],
    ['a range over 366 days', 'from=2023-01-01&to=2025-01-01', 'query.from'],
    ['a date that does not exist', 'from=2025-02-30', 'query.from'],
    ['an unknown time zone', 'timeZone=Mars/Olympus', 'query.timeZone'],
    ['an unknown parameter', 'channel=sms', 'query'],
  ])('%s: 400 problem+json naming the field', async (_case, queryString, path) => {
    const res = await get(`messages?${queryString}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});

describe('a facility admin’s facilities', () => {
  it('lists only the caller’s facilities, with resource freshness and co-admins by name', async () => {
    const insertFacility = async (name: string) =>
      (
        await db().query<{ id: string }>(
          `INSERT INTO facilities (name, type, country, country_iso3) VALUES ($1, 'clinic', 'Cameroon', 'CMR') RETURNING id`,
          [name],
        )
      ).rows[0]!.id;
    const insertUser = async (name: string) =>
      (
        await db().query<{ id: string }>(
          `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, 'x', 'facility_admin', $2) RETURNING id`,
          [`${name.toLowerCase()}-${Date.now()}@example.org`, name],
        )
      ).rows[0]!.id;
    const mine = await insertFacility('Clinique Mvog-Ada');
    const other = await insertFacility('Hôpital ailleurs');
    const me = await insertUser('Nadia');
    const colleague = await insertUser('Paul');
    await db().query(`INSERT INTO facility_admins (user_id, facility_id) VALUES ($1, $3), ($2, $3), ($2, $4)`, [
      me,
      colleague,
      mine,
      other,
    ]);
    const token = api.tokenFor({ kind: 'user', userId: me, role: 'facility_admin' });
    const put = await api.call('PUT', `/api/v1/facilities/${mine}/resources`, {
      token,
      body: { resources: [{ kind: 'beds', item: 'maternity', quantity: 4, available: true }] },
    });
    expect(put.status).toBe(200);
    await db().query(
      `INSERT INTO facility_resources (facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id)
       VALUES ($1, 'medicine', 'amoxicillin', 10, true, now() - interval '30 days', 'user', $2)`,
      [mine, me],
    );

    const res = await get('my-facilities', token);

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: mine,
        name: 'Clinique Mvog-Ada',
        resourceCount: 2,
        staleCount: 1,
        lastPublishedAt: expect.any(String),
        admins: [
          { userId: me, displayName: 'Nadia' },
          { userId: colleague, displayName: 'Paul' },
        ],
      },
    ]);
    expect((await get('my-facilities')).status).toBe(403);
  });
});
