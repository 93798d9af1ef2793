import { randomUUID } from 'node:crypto';
import type { Queryable } from '@medlink/platform/db';

/** Rows the scheduling tests arrange directly; the behaviour under test goes through the API or the use case. */
export async function insertStaffUser(
  db: Queryable,
  role: 'practitioner' | 'facility_admin' | 'admin',
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, 'not-a-hash', $2, $3) RETURNING id`,
    [`${role}-${randomUUID()}@test.medlink`, role, `Test ${role}`],
  );
  return result.rows[0]?.id ?? '';
}

export async function insertPractitioner(
  db: Queryable,
  fields: {
    status?: 'pending' | 'verified' | 'suspended';
    userId?: string | null;
    timeZone?: string;
    specialties?: string[];
    languages?: string[];
  } = {},
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO practitioners (user_id, full_name, specialties, languages, licence_number, verification_status, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      fields.userId ?? null,
      `Dr ${randomUUID().slice(0, 6)}`,
      fields.specialties ?? ['general'],
      fields.languages ?? ['fr', 'en'],
      `LIC-${randomUUID()}`,
      fields.status ?? 'verified',
      fields.timeZone ?? 'UTC',
    ],
  );
  return result.rows[0]?.id ?? '';
}

export async function insertFacility(db: Queryable, timeZone = 'Africa/Lagos'): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO facilities (name, type, time_zone, country, country_iso3) VALUES ($1, 'clinic', $2, 'Nigeria', 'NGA') RETURNING id`,
    [`Clinic ${randomUUID().slice(0, 6)}`, timeZone],
  );
  return result.rows[0]?.id ?? '';
}

export async function insertPatient(db: Queryable): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO patients (display_name) VALUES ('Test patient') RETURNING id`,
  );
  return result.rows[0]?.id ?? '';
}

/** A weekly rule; times as "HH:MM" local to `timeZone`. */
export async function insertRule(
  db: Queryable,
  practitionerId: string,
  rule: {
    weekday: number;
    start: string;
    end: string;
    slotMinutes?: number;
    timeZone?: string;
    facilityId?: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone)
     VALUES ($1, $2, $3, $4::time, $5::time, $6, $7)`,
    [
      practitionerId,
      rule.facilityId ?? null,
      rule.weekday,
      rule.start,
      rule.end,
      rule.slotMinutes ?? 30,
      rule.timeZone ?? 'UTC',
    ],
  );
}

export async function insertAppointment(
  db: Queryable,
  fields: {
    practitionerId: string;
    patientId: string;
    startsAt: Date;
    minutes?: number;
    status?: string;
    facilityId?: string | null;
  },
): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO appointments (practitioner_id, patient_id, facility_id, mode, starts_at, ends_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      fields.practitionerId,
      fields.patientId,
      fields.facilityId ?? null,
      fields.facilityId ? 'in_person' : 'remote',
      fields.startsAt,
      new Date(fields.startsAt.getTime() + (fields.minutes ?? 30) * 60_000),
      fields.status ?? 'confirmed',
    ],
  );
  return result.rows[0]?.id ?? '';
}

/** A clock tests move by hand: core-api reads deps.clock() on every request. */
export function manualClock(start: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(start);
  return { now: () => current, set: (iso) => (current = new Date(iso)) };
}
