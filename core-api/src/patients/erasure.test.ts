import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { migrate } from '@medlink/platform/migrate';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

/** The gateway shares the database in production: its tables must be erased too. */
const GATEWAY_MIGRATIONS = path.join(__dirname, '..', '..', '..', 'bot-gateway', 'migrations');
const hasGatewaySchema = existsSync(GATEWAY_MIGRATIONS);

let api: TestCoreApi;
let gateway: string;

beforeAll(async () => {
  api = await startTestCoreApi();
  gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  if (hasGatewaySchema) await migrate(api.deps.db, { folder: GATEWAY_MIGRATIONS, set: 'gateway' });
});
afterAll(async () => {
  await api.close();
});

const PATIENT_NAME = 'Aïssata Moussa-Erasure';
const SECRET_WORDS = 'saignement abondant depuis hier soir';

/** A patient with something in every table the policy names: identities, messages, notes, files, triage, booking, review. */
async function seedPatientEverywhere(phone: string) {
  const resolved = await api.call('POST', '/api/v1/patients/resolve', {
    token: gateway,
    body: { identity: { kind: 'phone', address: phone }, channel: 'twilio-sms' },
  });
  const patientId: string = resolved.body.id;
  await api.call('POST', `/api/v1/patients/${patientId}/identities`, {
    token: gateway,
    body: { identity: { kind: 'whatsapp', address: phone } },
  });
  await api.call('PATCH', `/api/v1/patients/${patientId}`, {
    token: gateway,
    body: {
      displayName: PATIENT_NAME,
      birthYear: 1994,
      sex: 'female',
      location: { countryIso3: 'NER', adminArea: 'Maradi', lat: 13.5, lon: 7.1 },
    },
  });
  const db = api.deps.db;
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0]?.id ?? '';
  const practitionerId = await one(
    `INSERT INTO practitioners (full_name, licence_number) VALUES ('Dr A', $1) RETURNING id`,
    [`LIC-${randomInt(1e9)}`],
  );
  const facilityId = await one(
    `INSERT INTO facilities (name, type, country, country_iso3) VALUES ('CSI', 'health_centre', 'Niger', 'NER') RETURNING id`,
    [],
  );
  const triageId = await one(
    `INSERT INTO triage_records (patient_id, channel, level, protocol_version, complaint_text, age_years, sex) VALUES ($1, 'twilio-sms', 'urgent', 'p1', $2, 31, 'female') RETURNING id`,
    [patientId, SECRET_WORDS],
  );
  const consultationId = await one(
    `INSERT INTO consultations (patient_id, channel, subject, triage_record_id) VALUES ($1, 'twilio-sms', $2, $3) RETURNING id`,
    [patientId, SECRET_WORDS, triageId],
  );
  await db.query('INSERT INTO consultation_participants (consultation_id, practitioner_id) VALUES ($1, $2)', [
    consultationId,
    practitionerId,
  ]);
  await db.query(
    `INSERT INTO consultation_notes (consultation_id, author_practitioner_id, body_ciphertext) VALUES ($1, $2, $3)`,
    [consultationId, practitionerId, Buffer.from(SECRET_WORDS)],
  );
  await db.query(
    `INSERT INTO consultation_files (consultation_id, uploaded_by, file_name, content_type, size_bytes, storage_key, wrapped_key) VALUES ($1, $2, $3, 'image/jpeg', 10, $4, $5)`,
    [consultationId, practitionerId, `${PATIENT_NAME}.jpg`, `files/${consultationId}/1`, Buffer.from('k')],
  );
  // An inbound message logged before the patient was resolved carries only the address.
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, body, status, provider_message_id) VALUES ('in', 'twilio-sms', $1, $2, 'received', $3)`,
    [phone, SECRET_WORDS, `SM${randomInt(1e9)}`],
  );
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, consultation_id, body, content, status) VALUES ('in', 'meta-whatsapp', $1, $2, $3, $4, $5, 'received')`,
    [
      phone.slice(1),
      patientId,
      consultationId,
      SECRET_WORDS,
      JSON.stringify({ location: { lat: 13.5, lon: 7.1, label: PATIENT_NAME } }),
    ],
  );
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, body, status, idempotency_key) VALUES ('out', 'twilio-sms', $1, $2, $3, 'queued', $4)`,
    [phone, patientId, `Bonjour ${PATIENT_NAME}`, `erasure-test-${randomInt(1e9)}`],
  );
  if (hasGatewaySchema) {
    await db.query(
      `INSERT INTO gateway_conversations (channel, contact_address, state) VALUES ('twilio-sms', $1, $2)`,
      [phone, JSON.stringify({ lastAnswer: SECRET_WORDS })],
    );
  }
  const future = new Date(Date.now() + 86_400_000);
  await db.query(
    `INSERT INTO appointments (practitioner_id, patient_id, facility_id, reason, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'confirmed')`,
    [practitionerId, patientId, facilityId, SECRET_WORDS, future, new Date(future.getTime() + 1_200_000)],
  );
  const pastId = await one(
    `INSERT INTO appointments (practitioner_id, patient_id, reason, starts_at, ends_at, status) VALUES ($1, $2, $3, now() - interval '2 days', now() - interval '2 days' + interval '20 minutes', 'completed') RETURNING id`,
    [practitionerId, patientId, SECRET_WORDS],
  );
  await db.query(
    `INSERT INTO reviews (appointment_id, patient_id, practitioner_id, rating, comment) VALUES ($1, $2, $3, 4, $4)`,
    [pastId, patientId, practitionerId, `${PATIENT_NAME} says thanks`],
  );
  return { patientId, consultationId };
}

/** Every row of every table in the schema, as text. */
async function everyStoredRow(): Promise<string[]> {
  const tables = await api.deps.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const rows: string[] = [];
  for (const { table_name: table } of tables.rows) {
    const result = await api.deps.db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
    rows.push(...result.rows.map((row) => `${table}: ${row.row}`));
  }
  return rows;
}

describe('POST /api/v1/patients/:id/erasure', () => {
  it('leaves no phone number, name, message body or clinical text anywhere, and keeps de-identified statistics', async () => {
    const phone = `+2279${randomInt(0, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const { patientId } = await seedPatientEverywhere(phone);
    expect((await everyStoredRow()).some((row) => row.includes(phone.slice(1)))).toBe(true);

    const res = await api.call('POST', `/api/v1/patients/${patientId}/erasure`, {
      token: gateway,
      body: { channel: 'twilio-sms' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ patientId, status: 'completed' });

    const leftovers = (await everyStoredRow()).filter(
      (row) => row.includes(phone.slice(1)) || row.includes(PATIENT_NAME) || row.includes(SECRET_WORDS),
    );
    expect(leftovers).toEqual([]);
    const db = api.deps.db;
    const kept = await db.query<{ level: string; age_years: string; sex: string }>(
      'SELECT level, age_years, sex FROM triage_records WHERE patient_id = $1',
      [patientId],
    );
    expect(kept.rows).toEqual([{ level: 'urgent', age_years: '31.00', sex: 'female' }]);
    const appointments = await db.query<{ status: string }>(
      'SELECT status FROM appointments WHERE patient_id = $1 ORDER BY starts_at',
      [patientId],
    );
    expect(appointments.rows.map((row) => row.status)).toEqual(['completed', 'cancelled']);
    const outbox = await db.query<{ status: string }>(
      "SELECT status FROM messages WHERE patient_id = $1 AND direction = 'out'",
      [patientId],
    );
    expect(outbox.rows).toEqual([{ status: 'dead' }]);
    expect((await db.query('SELECT 1 FROM storage_deletions WHERE done_at IS NULL')).rowCount).toBe(1);
    expect(
      (await db.query("SELECT 1 FROM erasure_requests WHERE patient_id = $1 AND status = 'completed'", [patientId]))
        .rowCount,
    ).toBe(1);
    expect(
      (await db.query("SELECT 1 FROM audit_log WHERE action = 'patient.erasure' AND patient_id = $1", [patientId]))
        .rowCount,
    ).toBe(1);
  });

  it('a second request answers the first erasure; changes to the erased patient are refused; the phone writing again is a new patient', async () => {
    const phone = `+2278${randomInt(0, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const { patientId } = await seedPatientEverywhere(phone);
    const first = await api.call('POST', `/api/v1/patients/${patientId}/erasure`, {
      token: gateway,
      body: { channel: 'twilio-sms' },
    });
    const second = await api.call('POST', `/api/v1/patients/${patientId}/erasure`, {
      token: gateway,
      body: { channel: 'twilio-sms' },
    });
    expect(second.body.requestId).toBe(first.body.requestId);
    const patch = await api.call('PATCH', `/api/v1/patients/${patientId}`, {
      token: gateway,
      body: { language: 'en' },
    });
    expect(patch.status).toBe(409);
    const shown = await api.call('GET', `/api/v1/patients/${patientId}`, { token: gateway });
    expect(shown.body).toMatchObject({ erased: true, displayName: null, identities: [] });
    const again = await api.call('POST', '/api/v1/patients/resolve', {
      token: gateway,
      body: { identity: { kind: 'phone', address: phone }, channel: 'twilio-sms' },
    });
    expect(again.body.id).not.toBe(patientId);
    expect(again.body).toMatchObject({ erased: false, consent: null });
  });
});
