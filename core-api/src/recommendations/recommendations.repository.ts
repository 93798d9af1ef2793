import type { Queryable } from '@medlink/platform/db';
import type { AvailabilityException, AvailabilityRule, BusyInterval } from '../appointments/compute-free-slots';
import { LIVE_STATUSES } from '../appointments/availability.repository';
import {
  buildFacilitySearch,
  hasStablePlan,
  type FacilityFilter,
  type FacilityRow,
  type ResourceRow,
} from '../facilities/facilities.repository';
import { sqlCodeArray, sqlInteger } from '../facilities/sql-literals';
import { statementNameOf } from '../facilities/statement-name';
import { COUNTED_REVIEW_STATES } from '../reviews/bayesian-rating';
import type { Specialty } from './care-needs';

export interface PractitionerCandidateRow {
  id: string;
  full_name: string;
  specialties: readonly string[];
  languages: readonly string[];
  verification_status: string;
  /** The candidate facility they work at (the nearest of their affiliations among the candidates); null: remote. */
  facility_id: string | null;
}

export interface RecommendationInputs {
  facilities: FacilityRow[];
  resources: ResourceRow[];
  /** Review count and star sum per facility or practitioner id; absent ids have no counted review. */
  reviewTotals: Map<string, { count: number; sum: number }>;
  candidates: PractitionerCandidateRow[];
  schedules: Map<string, PractitionerSchedule>;
}

export interface PractitionerSchedule {
  rules: readonly AvailabilityRule[];
  exceptions: readonly AvailabilityException[];
  booked: readonly BusyInterval[];
}

export interface RecommendationInputsQuery {
  /** The facility search; without origin or area no facility is looked for. */
  facilities: Omit<FacilityFilter, 'after' | 'exceptionsAround'> | null;
  now: Date;
  /** null: no practitioner is wanted (emergency level, or a need no practitioner answers). */
  practitioners: {
    specialties: readonly Specialty[];
    language: string;
    remoteLimit: number;
    affiliatedLimit: number;
    slotsUntil: Date;
  } | null;
}

interface InputsRow {
  facilities: (Omit<FacilityRow, 'sort_key'> & { knn: number | null })[];
  resources: (Omit<ResourceRow, 'updated_at'> & { updated_at: string })[];
  reviews: { id: string; count: number; sum: number }[];
  candidates: PractitionerCandidateRow[];
  rules: {
    practitioner_id: string;
    facility_id: string | null;
    weekday: number;
    start_minute: number;
    end_minute: number;
    slot_minutes: number;
    time_zone: string;
    valid_from: string | null;
    valid_until: string | null;
  }[];
  exceptions: {
    practitioner_id: string;
    facility_id: string | null;
    kind: string;
    starts_at: string;
    ends_at: string;
    slot_minutes: number;
  }[];
  booked: { practitioner_id: string; starts_at: string; ends_at: string }[];
}

/**
 * Everything a recommendation reads, in ONE statement (one round trip instead of eight in three
 * sequential steps): the candidate facilities (nearest first, already filtered by service), their
 * published resources, verified practitioners of the wanted specialties working there (found from the
 * facility side) plus up to `remoteLimit` remote ones who speak the patient's language first, the review
 * totals of both, and the candidates' weekly rules, leave and live appointments for the slot horizon.
 * Practitioners are searched at the facilities the statement found, which are the eligible ones for every
 * level that wants practitioners (only the emergency level filters further, and it wants none).
 * Without the in-memory catalogues (or without an origin), recommendations read everything this way.
 */
export async function findRecommendationInputs(
  db: Queryable,
  query: RecommendationInputsQuery,
): Promise<RecommendationInputs> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const now = param(query.now);
  const facilitySql = query.facilities
    ? buildFacilitySearch({ ...query.facilities, exceptionsAround: query.now }, param)
    : `SELECT NULL::uuid AS id, NULL::float8 AS knn, NULL::text AS name WHERE false`;
  const wanted = query.practitioners;
  const specialties = sqlCodeArray(wanted?.specialties ?? []);
  const wants = wanted ? 'true' : 'false';
  const language = sqlCodeArray(wanted ? [wanted.language] : []);
  const remoteLimit = sqlInteger(wanted?.remoteLimit ?? 0);
  const sql = `
    WITH facility AS MATERIALIZED (
      SELECT found.*, row_number() OVER (ORDER BY knn, CASE WHEN knn IS NULL THEN name END, id) AS position FROM (${facilitySql}) AS found
      -- (knn, id) with an origin, (name, id) without: the search's own order.
    ),
    affiliated AS (
      SELECT DISTINCT ON (p.id) p.id, p.full_name, p.specialties, p.languages, p.verification_status, a.facility_id
        FROM facility f JOIN practitioner_affiliations a ON a.facility_id = f.id JOIN practitioners p ON p.id = a.practitioner_id
       WHERE ${wants} AND p.verification_status = 'verified' AND p.specialties && ${specialties}
       ORDER BY p.id, f.position
       LIMIT ${sqlInteger(wanted?.affiliatedLimit ?? 0)}
    ),
    remote AS (
      SELECT id, full_name, specialties, languages, verification_status, facility_id FROM (
        (SELECT p.id, p.full_name, p.specialties, p.languages, p.verification_status, NULL::uuid AS facility_id, 0 AS rank
           FROM practitioners p
          WHERE ${wants} AND p.verification_status = 'verified' AND p.offers_remote AND p.specialties && ${specialties}
            AND p.languages && ${language}
          ORDER BY p.id LIMIT ${remoteLimit})
        UNION ALL
        (SELECT p.id, p.full_name, p.specialties, p.languages, p.verification_status, NULL::uuid AS facility_id, 1 AS rank
           FROM practitioners p
          WHERE ${wants} AND p.verification_status = 'verified' AND p.offers_remote AND p.specialties && ${specialties}
            AND NOT p.languages && ${language}
          ORDER BY p.id LIMIT ${remoteLimit})
      ) AS speaking_first
      ORDER BY rank, id LIMIT ${remoteLimit}
    ),
    candidate AS MATERIALIZED (
      SELECT *, 0 AS part FROM affiliated
      UNION ALL
      SELECT *, 1 FROM remote WHERE id NOT IN (SELECT id FROM affiliated)
    )
    SELECT
      (SELECT coalesce(json_agg(f ORDER BY f.position), '[]') FROM facility f) AS facilities,
      (SELECT coalesce(json_agg(r ORDER BY r.facility_id, r.kind, r.item), '[]') FROM (
         SELECT facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id
           FROM facility_resources WHERE facility_id IN (SELECT id FROM facility)) AS r) AS resources,
      (SELECT coalesce(json_agg(t), '[]') FROM (
         SELECT facility_id AS id, count(*)::int AS count, sum(rating)::int AS sum FROM reviews
          WHERE facility_id IN (SELECT id FROM facility) AND moderation_state = ANY(${param(COUNTED_REVIEW_STATES)}::text[])
          GROUP BY facility_id
         UNION ALL
         SELECT practitioner_id, count(*)::int, sum(rating)::int FROM reviews
          WHERE practitioner_id IN (SELECT id FROM candidate) AND moderation_state = ANY(${param(COUNTED_REVIEW_STATES)}::text[])
          GROUP BY practitioner_id) AS t) AS reviews,
      (SELECT coalesce(json_agg(c ORDER BY c.part, c.id), '[]') FROM candidate c) AS candidates,
      (SELECT coalesce(json_agg(r), '[]') FROM (
         SELECT r.practitioner_id, r.facility_id, r.weekday, (EXTRACT(epoch FROM r.start_time) / 60)::int AS start_minute,
                (EXTRACT(epoch FROM r.end_time) / 60)::int AS end_minute, r.slot_minutes, r.time_zone,
                r.valid_from::text AS valid_from, r.valid_until::text AS valid_until
           FROM availability_rules r
          WHERE r.practitioner_id IN (SELECT id FROM candidate)
            AND (r.valid_until IS NULL OR r.valid_until >= (${now}::timestamptz - interval '2 days')::date)
          ORDER BY r.practitioner_id, r.id) AS r) AS rules,
      (SELECT coalesce(json_agg(e), '[]') FROM (
         SELECT e.practitioner_id, e.facility_id, e.kind, e.starts_at, e.ends_at, e.slot_minutes FROM availability_exceptions e
          WHERE e.practitioner_id IN (SELECT id FROM candidate) AND e.ends_at > ${now} AND e.starts_at < ${param(wanted?.slotsUntil ?? query.now)}
          ORDER BY e.practitioner_id, e.id) AS e) AS exceptions,
      (SELECT coalesce(json_agg(b), '[]') FROM (
         SELECT practitioner_id, starts_at, ends_at FROM appointments
          WHERE practitioner_id IN (SELECT id FROM candidate) AND status = ANY(${param(LIVE_STATUSES)}::text[])
            AND ends_at > ${now} AND starts_at < ${param(wanted?.slotsUntil ?? query.now)}) AS b) AS booked`;
  const name =
    !query.facilities || hasStablePlan(query.facilities) ? statementNameOf('recommendation_inputs', sql) : undefined;
  const result = await db.query<InputsRow>(sql, params, { name });
  const row = result.rows[0];
  if (!row) throw new Error('recommendation inputs returned no row');
  return toInputs(row, Boolean(query.facilities?.origin));
}

export interface LiveInputs {
  /** The catalogue versions (migration 0203) in the statement's snapshot. */
  versions: { facilities: number; practitioners: number };
  resources: ResourceRow[];
  reviewTotals: RecommendationInputs['reviewTotals'];
  /** Leave and extra sessions, and live appointments, per practitioner; absent ids have none. */
  schedules: Map<string, Pick<PractitionerSchedule, 'exceptions' | 'booked'>>;
}

/**
 * What changes all the time, for candidates taken from the in-memory catalogues, in one statement: published
 * resources, counted review totals, leave and live appointments in the slot horizon, and the catalogue
 * versions that tell whether the candidates were current.
 */
export async function findLiveInputs(
  db: Queryable,
  query: { facilityIds: readonly string[]; practitionerIds: readonly string[]; now: Date; slotsUntil: Date },
): Promise<LiveInputs> {
  const result = await db.query<
    Pick<InputsRow, 'resources' | 'reviews' | 'exceptions' | 'booked'> & {
      facility_version: string | number;
      practitioner_version: string | number;
    }
  >(
    `SELECT
      (SELECT version FROM catalog_versions WHERE catalog = 'facilities') AS facility_version,
      (SELECT version FROM catalog_versions WHERE catalog = 'practitioners') AS practitioner_version,
      (SELECT coalesce(json_agg(r ORDER BY r.facility_id, r.kind, r.item), '[]') FROM (
         SELECT facility_id, kind, item, quantity, available, updated_at, updated_by_type, updated_by_id
           FROM facility_resources WHERE facility_id = ANY($1::uuid[])) AS r) AS resources,
      (SELECT coalesce(json_agg(t), '[]') FROM (
         SELECT facility_id AS id, count(*)::int AS count, sum(rating)::int AS sum FROM reviews
          WHERE facility_id = ANY($1::uuid[]) AND moderation_state = ANY($5::text[])
          GROUP BY facility_id
         UNION ALL
         SELECT practitioner_id, count(*)::int, sum(rating)::int FROM reviews
          WHERE practitioner_id = ANY($2::uuid[]) AND moderation_state = ANY($5::text[])
          GROUP BY practitioner_id) AS t) AS reviews,
      (SELECT coalesce(json_agg(e), '[]') FROM (
         SELECT e.practitioner_id, e.facility_id, e.kind, e.starts_at, e.ends_at, e.slot_minutes FROM availability_exceptions e
          WHERE e.practitioner_id = ANY($2::uuid[]) AND e.ends_at > $3 AND e.starts_at < $4
          ORDER BY e.practitioner_id, e.id) AS e) AS exceptions,
      (SELECT coalesce(json_agg(b), '[]') FROM (
         SELECT practitioner_id, starts_at, ends_at FROM appointments
          WHERE practitioner_id = ANY($2::uuid[]) AND status = ANY($6::text[])
            AND ends_at > $3 AND starts_at < $4) AS b) AS booked`,
    [query.facilityIds, query.practitionerIds, query.now, query.slotsUntil, COUNTED_REVIEW_STATES, LIVE_STATUSES],
    { name: 'recommendation_live_inputs' },
  );
  const row = result.rows[0];
  if (!row) throw new Error('live recommendation inputs returned no row');
  const schedules = new Map<string, ScheduleBeingRead>();
  collectSchedules(schedules, { rules: [], exceptions: row.exceptions, booked: row.booked });
  return {
    versions: { facilities: Number(row.facility_version), practitioners: Number(row.practitioner_version) },
    resources: toResourceRows(row.resources),
    reviewTotals: toReviewTotals(row.reviews),
    schedules,
  };
}

function toInputs(row: InputsRow, byDistance: boolean): RecommendationInputs {
  const schedules = new Map<string, ScheduleBeingRead>();
  collectSchedules(schedules, row);
  return {
    facilities: row.facilities.map(({ knn, ...facility }) => ({
      ...facility,
      sort_key: byDistance ? Number(knn) : facility.name,
    })),
    resources: toResourceRows(row.resources),
    reviewTotals: toReviewTotals(row.reviews),
    candidates: row.candidates,
    schedules,
  };
}

function toResourceRows(rows: InputsRow['resources']): ResourceRow[] {
  return rows.map((resource) => ({ ...resource, updated_at: new Date(resource.updated_at) }));
}

function toReviewTotals(rows: InputsRow['reviews']): RecommendationInputs['reviewTotals'] {
  return new Map(rows.map((total) => [total.id, { count: total.count, sum: total.sum }]));
}

/** Each practitioner's rules, leave and bookings, grouped; a practitioner with none of them gets no entry. */
type ScheduleBeingRead = { rules: AvailabilityRule[]; exceptions: AvailabilityException[]; booked: BusyInterval[] };

function collectSchedules(
  schedules: Map<string, ScheduleBeingRead>,
  row: Pick<InputsRow, 'rules' | 'exceptions' | 'booked'>,
): void {
  const scheduleOf = (id: string) => {
    let schedule = schedules.get(id);
    if (!schedule) {
      schedule = { rules: [], exceptions: [], booked: [] };
      schedules.set(id, schedule);
    }
    return schedule;
  };
  for (const rule of row.rules) {
    scheduleOf(rule.practitioner_id).rules.push({
      weekday: rule.weekday,
      startMinute: rule.start_minute,
      endMinute: rule.end_minute,
      slotMinutes: rule.slot_minutes,
      timeZone: rule.time_zone,
      facilityId: rule.facility_id,
      validFrom: rule.valid_from,
      validUntil: rule.valid_until,
    });
  }
  for (const exception of row.exceptions) {
    scheduleOf(exception.practitioner_id).exceptions.push({
      kind: exception.kind === 'available' ? 'available' : 'unavailable',
      startsAt: new Date(exception.starts_at),
      endsAt: new Date(exception.ends_at),
      facilityId: exception.facility_id,
      slotMinutes: exception.slot_minutes,
    });
  }
  for (const interval of row.booked) {
    scheduleOf(interval.practitioner_id).booked.push({
      startsAt: new Date(interval.starts_at),
      endsAt: new Date(interval.ends_at),
    });
  }
}
