import { openDb, type Db, type Queryable } from '@medlink/platform/db';
import { createTestDatabase } from '@medlink/platform/test-db';
import { migrateCoreSchema } from '../start';
import { findNextFreeSlots } from './find-next-free-slots';
import {
  insertAppointment,
  insertFacility,
  insertPatient,
  insertPractitioner,
  insertRule,
} from './scheduling-fixtures';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDb({ databaseUrl: database.url });
  await migrateCoreSchema(db);
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

// Wednesday 2026-12-02, 10:00 UTC = 11:00 in Lagos.
const now = new Date('2026-12-02T10:00:00Z');

describe('findNextFreeSlots', () => {
  it('gives the earliest free slot per verified practitioner, skipping booked slots and the past', async () => {
    const lagos = await insertFacility(db, 'Africa/Lagos');
    const patient = await insertPatient(db);
    const a = await insertPractitioner(db);
    await insertRule(db, a, {
      weekday: 3,
      start: '09:00',
      end: '13:00',
      slotMinutes: 30,
      timeZone: 'Africa/Lagos',
      facilityId: lagos,
    });
    await insertAppointment(db, {
      practitionerId: a,
      patientId: patient,
      startsAt: new Date('2026-12-02T10:00:00Z'),
      facilityId: lagos,
    });
    const b = await insertPractitioner(db);
    await insertRule(db, b, { weekday: 5, start: '14:00', end: '15:00', slotMinutes: 20, timeZone: 'Africa/Nairobi' });

    const next = await findNextFreeSlots(db, [a, b], now, 14);

    // 11:00 Lagos is booked; 11:30 Lagos = 10:30 UTC.
    expect(next.get(a)?.toISOString()).toBe('2026-12-02T10:30:00.000Z');
    // Friday 14:00 in Nairobi (UTC+3).
    expect(next.get(b)?.toISOString()).toBe('2026-12-04T11:00:00.000Z');
  });

  it('omits practitioners who are not verified or have nothing free in the horizon', async () => {
    const pending = await insertPractitioner(db, { status: 'pending' });
    await insertRule(db, pending, { weekday: 3, start: '12:00', end: '13:00' });
    const noSchedule = await insertPractitioner(db);
    const farAway = await insertPractitioner(db);
    await insertRule(db, farAway, { weekday: 1, start: '12:00', end: '13:00' });

    const next = await findNextFreeSlots(db, [pending, noSchedule, farAway, 'not-a-uuid'], now, 2);

    expect([...next.keys()]).toEqual([]);
  });

  it('answers for three hundred practitioners in two queries', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 300; index += 1) ids.push(await insertPractitioner(db));
    await db.query(
      `INSERT INTO availability_rules (practitioner_id, weekday, start_time, end_time, slot_minutes, time_zone)
       SELECT id, d, '08:00', '12:00', 15, 'Africa/Lagos' FROM unnest($1::uuid[]) AS id, generate_series(1, 5) AS d`,
      [ids],
    );
    let queries = 0;
    const counting: Queryable = {
      query: (sql, params) => {
        queries += 1;
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    };

    const next = await findNextFreeSlots(counting, ids, now, 14);

    expect(next.size).toBe(300);
    expect(queries).toBe(2);
  });
});
