import { randomBytes } from 'node:crypto';
import type { Queryable } from '@medlink/platform/db';
import { hashPassword } from '@medlink/core-api/auth/passwords';

export const PASSWORD = 'correct-horse-battery-staple';
const suffix = () => randomBytes(3).toString('hex');

export interface SeededPractitioner {
  email: string;
  userId: string;
  practitionerId: string;
  fullName: string;
}

export async function insertStaffPractitioner(
  db: Queryable,
  options: { fullName: string; specialty: string; language?: 'fr' | 'en' },
): Promise<SeededPractitioner> {
  const email = `dr-${suffix()}@example.org`;
  const user = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, role, display_name, preferred_language) VALUES ($1, $2, 'practitioner', $3, $4) RETURNING id`,
    [email, await hashPassword(PASSWORD), options.fullName, options.language ?? 'en'],
  );
  const userId = user.rows[0]?.id ?? '';
  const practitioner = await db.query<{ id: string }>(
    `INSERT INTO practitioners (user_id, full_name, specialties, languages, licence_number, verification_status)
     VALUES ($1, $2, $3, '{fr,en}', $4, 'verified') RETURNING id`,
    [userId, options.fullName, [options.specialty], `LIC-${suffix()}`],
  );
  return { email, userId, practitionerId: practitioner.rows[0]?.id ?? '', fullName: options.fullName };
}

export async function insertStaffAdmin(db: Queryable): Promise<{ email: string }> {
  const email = `admin-${suffix()}@example.org`;
  await db.query(`INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, $2, 'admin', 'Support')`, [
    email,
    await hashPassword(PASSWORD),
  ]);
  return { email };
}

export async function insertPatientWithPhone(
  db: Queryable,
  name: string,
): Promise<{ patientId: string; phone: string }> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO patients (preferred_language, display_name, birth_year, sex) VALUES ('fr', $1, 1988, 'female') RETURNING id`,
    [name],
  );
  const patientId = result.rows[0]?.id ?? '';
  const phone = `+2376${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await db.query(`INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, 'phone', $2)`, [
    patientId,
    phone,
  ]);
  return { patientId, phone };
}

/** A requested appointment, as the gateway's booking leaves it. */
export async function insertRequestedAppointment(
  db: Queryable,
  input: { practitionerId: string; patientId: string; startsAt: Date },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO appointments (practitioner_id, patient_id, mode, reason, starts_at, ends_at, status, booked_via)
     VALUES ($1, $2, 'remote', 'Contrôle tension', $3, $4, 'requested', 'africastalking-ussd') RETURNING id`,
    [input.practitionerId, input.patientId, input.startsAt, new Date(input.startsAt.getTime() + 20 * 60_000)],
  );
  return result.rows[0]?.id ?? '';
}

/** What the gateway stores before it acknowledges the provider. */
export async function insertInboundMessage(
  db: Queryable,
  input: { patientId: string; phone: string; text: string },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, provider_message_id, body, status)
     VALUES ('in', 'africastalking-sms', $1, $2, $3, $4, 'received') RETURNING id`,
    [input.phone, input.patientId, `ATXid_${suffix()}`, input.text],
  );
  return result.rows[0]?.id ?? '';
}
