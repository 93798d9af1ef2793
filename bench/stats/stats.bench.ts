import { insertAdmin, insertPatient, insertPractitioner } from '../../core-api/test/fixtures/consultation-fixtures';
import { startTestCoreApi } from '../../core-api/test/harness';
import { measureOperation, OPERATION_COLUMNS } from '../lib/measure-operation';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

/**
 * The dashboard's five /api/v1/stats queries over a busy quarter (120k messages, 20k consultations,
 * 10k triage results, 6k appointments) on real PostgreSQL. Short on purpose: the machine is shared.
 * Run: node --import tsx bench/stats/stats.bench.ts
 */
const SECTION = 'Admin statistics (dashboard)';

async function main(): Promise<void> {
  const api = await startTestCoreApi();
  try {
    const db = api.deps.db;
    const admin = api.tokenFor(await insertAdmin(db));
    const patient = await insertPatient(db);
    const doctors = await Promise.all(Array.from({ length: 20 }, () => insertPractitioner(db)));
    const seedStarted = performance.now();
    await db.query(
      `INSERT INTO messages (direction, channel, contact_address, body, status, created_at, updated_at)
       SELECT CASE WHEN n % 2 = 0 THEN 'in' ELSE 'out' END,
              (ARRAY['africastalking-ussd','africastalking-sms','twilio-sms','twilio-whatsapp','meta-whatsapp'])[1 + n % 5],
              '+2376' || lpad((n % 100000)::text, 8, '0'), 'x',
              CASE WHEN n % 2 = 0 THEN 'received' WHEN n % 97 = 0 THEN 'dead' ELSE 'delivered' END,
              now() - (n % 90) * interval '1 day' - (n % 1440) * interval '1 minute',
              now() - (n % 90) * interval '1 day' - (n % 1440) * interval '1 minute'
         FROM generate_series(1, 80000) AS n`,
    );
    await db.query(
      `WITH c AS (
         INSERT INTO consultations (patient_id, status, channel, created_at)
         SELECT $1, 'resolved', 'meta-whatsapp', now() - (n % 90) * interval '1 day' FROM generate_series(1, 20000) AS n
         RETURNING id, created_at
       )
       INSERT INTO messages (direction, channel, contact_address, consultation_id, author_practitioner_id, body, status, created_at)
       SELECT 'in', 'meta-whatsapp', '237690000000', id, NULL::uuid, 'x', 'received', created_at FROM c
       UNION ALL
       SELECT 'out', 'meta-whatsapp', '237690000000', id, $2::uuid, 'x', 'read', created_at + (extract(epoch FROM created_at)::bigint % 7200) * interval '1 second' FROM c`,
      [patient.patientId, doctors[0]!.practitionerId],
    );
    await db.query(
      `INSERT INTO triage_records (level, protocol_version, created_at)
       SELECT (ARRAY['emergency','urgent','routine','self_care'])[1 + n % 4], 'bench', now() - (n % 90) * interval '1 day'
         FROM generate_series(1, 10000) AS n`,
    );
    await db.query(
      `INSERT INTO appointments (practitioner_id, patient_id, starts_at, ends_at, status)
       SELECT (SELECT id FROM practitioners ORDER BY id OFFSET (n % 20) LIMIT 1), $1,
              date_trunc('hour', now()) - (n / 20) * interval '1 hour',
              date_trunc('hour', now()) - (n / 20) * interval '1 hour' + interval '20 minutes',
              CASE WHEN n % 7 = 0 THEN 'no_show' ELSE 'completed' END
         FROM generate_series(0, 5999) AS n`,
      [patient.patientId],
    );
    await db.query('ANALYZE');
    console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const range = 'from=' + day(-29) + '&to=' + day(0) + '&timeZone=Africa/Lagos';
    const rows: string[] = [];
    for (const endpoint of ['messages', 'triage-levels', 'first-response', 'no-shows', 'dead-letters']) {
      rows.push(
        await measure(`GET /stats/${endpoint} (30 days)`, 30, 2, () =>
          api.call('GET', `/api/v1/stats/${endpoint}?${range}`, { token: admin }),
        ),
      );
    }
    const quarter = 'from=' + day(-89) + '&to=' + day(0);
    rows.push(
      await measure('GET /stats/first-response (90 days)', 20, 2, () =>
        api.call('GET', `/api/v1/stats/first-response?${quarter}`, { token: admin }),
      ),
    );
    rows.push(
      await measure('dashboard: the five calls in parallel (30 days)', 10, 1, async () => {
        const results = await Promise.all(
          ['messages', 'triage-levels', 'first-response', 'no-shows', 'dead-letters'].map((endpoint) =>
            api.call('GET', `/api/v1/stats/${endpoint}?${range}`, { token: admin }),
          ),
        );
        return { status: Math.max(...results.map((result) => result.status)) };
      }),
    );
    await writeBenchmarkSection(
      renderTableSection({
        title: SECTION,
        intro: [
          `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/stats/stats.bench.ts\`: core-api in-process, real PostgreSQL 15 on loopback, 120k messages / 20k consultations / 10k triage results / 6k appointments over 90 days, a 2-core machine shared with other work.`,
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

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Rows of this section print throughput with one decimal. */
const measure: typeof measureOperation = (name, calls, concurrency, call) =>
  measureOperation(name, calls, concurrency, call, { rateDigits: 1 });

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
