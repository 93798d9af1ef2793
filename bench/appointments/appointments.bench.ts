import { startTestCoreApi } from '../../core-api/test/harness';
import { findNextFreeSlots } from '../../core-api/src/appointments/find-next-free-slots';
import {
  insertFacility,
  insertPatient,
  insertPractitioner,
  insertRule,
} from '../../core-api/src/appointments/scheduling-fixtures';
import { measureOperation, OPERATION_COLUMNS } from '../lib/measure-operation';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

/**
 * Scheduling hot paths on real PostgreSQL: the next free slot of 300 practitioners (what the
 * recommendations engine asks), a practitioner's week of slots, booking. Short: the machine is shared.
 * Run: node --import tsx bench/appointments/appointments.bench.ts
 */
const SECTION = 'Appointments (practitioners, slots, booking)';

async function main(): Promise<void> {
  const api = await startTestCoreApi();
  try {
    const db = api.deps.db;
    api.deps.clock = () => new Date('2026-11-30T06:00:00Z');
    const facility = await insertFacility(db, 'Africa/Lagos');
    const ids: string[] = [];
    for (let index = 0; index < 300; index += 1) ids.push(await insertPractitioner(db));
    await db.query(
      `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone)
       SELECT id, $2, d, '08:00', '12:00', 20, 'Africa/Lagos' FROM unnest($1::uuid[]) AS id, generate_series(1, 5) AS d`,
      [ids, facility],
    );
    const [first] = ids;
    if (!first) throw new Error('no practitioner');
    await insertRule(db, first, {
      weekday: 2,
      start: '14:00',
      end: '18:00',
      slotMinutes: 20,
      timeZone: 'Africa/Nairobi',
    });
    const gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    const patients = await Promise.all(Array.from({ length: 100 }, () => insertPatient(db)));
    const from = new Date('2026-11-30T06:00:00Z');
    const rows = [
      await measureOperation('findNextFreeSlots, 300 practitioners, 14 days (in-process)', 20, 1, async () => {
        const next = await findNextFreeSlots(db, ids, from, 14);
        return { status: next.size === 300 ? 200 : 500 };
      }),
      await measureOperation('GET /practitioners/:id/slots (7 days)', 200, 10, () =>
        api.call('GET', `/api/v1/practitioners/${first}/slots`),
      ),
      await measureOperation('POST /appointments, distinct slots', 100, 10, (i) =>
        api.call('POST', '/api/v1/appointments', {
          token: gateway,
          body: {
            practitionerId: ids[i % ids.length],
            patientId: patients[i],
            startsAt: '2026-12-02T07:00:00Z',
            facilityId: facility,
            mode: 'in_person',
          },
        }),
      ),
      await measureOperation('POST /appointments, 24 racing for one slot (409 expected but one)', 24, 24, (i) =>
        api.call('POST', '/api/v1/appointments', {
          token: gateway,
          body: {
            practitionerId: first,
            patientId: patients[i],
            startsAt: '2026-12-03T07:00:00Z',
            facilityId: facility,
            mode: 'in_person',
          },
        }),
      ),
    ];
    await writeBenchmarkSection(
      renderTableSection({
        title: SECTION,
        intro: [
          `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/appointments/appointments.bench.ts\`: core-api in-process, real PostgreSQL 15 on loopback, a 2-core machine shared with other work.`,
        ],
        columns: OPERATION_COLUMNS,
        rows,
      }),
    );
    console.log(rows.join('\n'));
  } finally {
    await api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
