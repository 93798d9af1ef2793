import type { Queryable } from '@medlink/platform/db';
import type { AvailabilityException, AvailabilityRule, BusyInterval } from './compute-free-slots';

export interface Schedule {
  rules: AvailabilityRule[];
  exceptions: AvailabilityException[];
}

export interface StoredRule extends AvailabilityRule {
  id: string;
}

export interface StoredException extends AvailabilityException {
  id: string;
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LIVE_STATUSES = ['requested', 'confirmed', 'completed'] as const;

interface ScheduleRow {
  source: 'rule' | 'exception';
  id: string;
  practitioner_id: string;
  facility_id: string | null;
  weekday: number | null;
  start_minute: number | null;
  end_minute: number | null;
  slot_minutes: number;
  time_zone: string | null;
  valid_from: string | null;
  valid_until: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  kind: 'unavailable' | 'available' | null;
  note: string | null;
}

/** Weekly rules and the exceptions touching [from, to) of many practitioners, in one query. */
export async function findSchedules(
  db: Queryable,
  practitionerIds: readonly string[],
  window: { from: Date; to: Date; verifiedOnly: boolean },
): Promise<Map<string, Schedule>> {
  const ids = practitionerIds.filter((id) => UUID.test(id));
  const schedules = new Map<string, Schedule>();
  if (ids.length === 0) return schedules;
  const result = await db.query<ScheduleRow>(
    `WITH wanted AS (
       SELECT id FROM practitioners WHERE id = ANY($1::uuid[]) AND (NOT $4::boolean OR verification_status = 'verified')
     )
     SELECT 'rule' AS source, r.id, r.practitioner_id, r.facility_id, r.weekday,
            (EXTRACT(epoch FROM r.start_time) / 60)::int AS start_minute, (EXTRACT(epoch FROM r.end_time) / 60)::int AS end_minute,
            r.slot_minutes, r.time_zone, r.valid_from::text AS valid_from, r.valid_until::text AS valid_until,
            NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at, NULL AS kind, NULL AS note
       FROM availability_rules r JOIN wanted w ON w.id = r.practitioner_id
      WHERE r.valid_until IS NULL OR r.valid_until >= ($2::timestamptz - interval '2 days')::date
     UNION ALL
     SELECT 'exception', e.id, e.practitioner_id, e.facility_id, NULL, NULL, NULL, e.slot_minutes, NULL, NULL, NULL,
            e.starts_at, e.ends_at, e.kind, e.note
       FROM availability_exceptions e JOIN wanted w ON w.id = e.practitioner_id
      WHERE e.ends_at > $2 AND e.starts_at < $3
     ORDER BY 1, 2`,
    [ids, window.from, window.to, window.verifiedOnly],
  );
  for (const row of result.rows) {
    const schedule = schedules.get(row.practitioner_id) ?? { rules: [], exceptions: [] };
    schedules.set(row.practitioner_id, schedule);
    if (row.source === 'rule') schedule.rules.push(toRule(row));
    else schedule.exceptions.push(toException(row));
  }
  return schedules;
}

/** Live appointments overlapping [from, to) of many practitioners, in one query. */
export async function findBookedIntervals(
  db: Queryable,
  practitionerIds: readonly string[],
  window: { from: Date; to: Date; excludeAppointmentId?: string },
): Promise<Map<string, BusyInterval[]>> {
  const ids = practitionerIds.filter((id) => UUID.test(id));
  const booked = new Map<string, BusyInterval[]>();
  if (ids.length === 0) return booked;
  const result = await db.query<{ practitioner_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT practitioner_id, starts_at, ends_at FROM appointments
      WHERE practitioner_id = ANY($1::uuid[]) AND status = ANY($4::text[]) AND ends_at > $2 AND starts_at < $3
        AND ($5::uuid IS NULL OR id <> $5::uuid)`,
    [ids, window.from, window.to, LIVE_STATUSES, window.excludeAppointmentId ?? null],
  );
  for (const row of result.rows) {
    const list = booked.get(row.practitioner_id) ?? [];
    list.push({ startsAt: row.starts_at, endsAt: row.ends_at });
    booked.set(row.practitioner_id, list);
  }
  return booked;
}

export async function findRules(db: Queryable, practitionerId: string): Promise<StoredRule[]> {
  const result = await db.query<ScheduleRow>(
    `SELECT id, practitioner_id, facility_id, weekday, (EXTRACT(epoch FROM start_time) / 60)::int AS start_minute,
            (EXTRACT(epoch FROM end_time) / 60)::int AS end_minute, slot_minutes, time_zone,
            valid_from::text AS valid_from, valid_until::text AS valid_until
       FROM availability_rules WHERE practitioner_id = $1 ORDER BY weekday, start_time, id`,
    [practitionerId],
  );
  return result.rows.map((row) => ({ id: row.id, ...toRule(row) }));
}

/** Replaces the weekly schedule; call inside a transaction so readers see the old or the new one. */
export async function replaceRules(
  tx: Queryable,
  practitionerId: string,
  rules: readonly AvailabilityRule[],
): Promise<void> {
  await tx.query('DELETE FROM availability_rules WHERE practitioner_id = $1', [practitionerId]);
  for (const rule of rules) {
    await tx.query(
      `INSERT INTO availability_rules (practitioner_id, facility_id, weekday, start_time, end_time, slot_minutes, time_zone, valid_from, valid_until)
       VALUES ($1, $2, $3, make_time($4::int / 60, $4::int % 60, 0), make_time($5::int / 60, $5::int % 60, 0), $6, $7, $8, $9)`,
      [
        practitionerId,
        rule.facilityId,
        rule.weekday,
        rule.startMinute,
        rule.endMinute,
        rule.slotMinutes,
        rule.timeZone,
        rule.validFrom,
        rule.validUntil,
      ],
    );
  }
}

export async function findExceptions(db: Queryable, practitionerId: string, since: Date): Promise<StoredException[]> {
  const result = await db.query<ScheduleRow>(
    `SELECT id, practitioner_id, facility_id, slot_minutes, starts_at, ends_at, kind, note
       FROM availability_exceptions WHERE practitioner_id = $1 AND ends_at > $2 ORDER BY starts_at, id`,
    [practitionerId, since],
  );
  return result.rows.map((row) => ({ id: row.id, note: row.note, ...toException(row) }));
}

export async function insertException(
  db: Queryable,
  practitionerId: string,
  exception: AvailabilityException & { note: string | null },
): Promise<StoredException> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO availability_exceptions (practitioner_id, kind, facility_id, starts_at, ends_at, slot_minutes, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      practitionerId,
      exception.kind,
      exception.facilityId,
      exception.startsAt,
      exception.endsAt,
      exception.slotMinutes,
      exception.note,
    ],
  );
  const id = result.rows[0]?.id ?? '';
  return { id, ...exception };
}

export async function deleteException(db: Queryable, practitionerId: string, exceptionId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM availability_exceptions WHERE id = $1 AND practitioner_id = $2', [
    exceptionId,
    practitionerId,
  ]);
  return result.rowCount > 0;
}

function toRule(row: ScheduleRow): AvailabilityRule {
  return {
    weekday: row.weekday ?? 0,
    startMinute: row.start_minute ?? 0,
    endMinute: row.end_minute ?? 0,
    slotMinutes: row.slot_minutes,
    timeZone: row.time_zone ?? 'UTC',
    facilityId: row.facility_id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

function toException(row: ScheduleRow): AvailabilityException {
  return {
    kind: row.kind === 'available' ? 'available' : 'unavailable',
    startsAt: row.starts_at ?? new Date(0),
    endsAt: row.ends_at ?? new Date(0),
    facilityId: row.facility_id,
    slotMinutes: row.slot_minutes,
  };
}
