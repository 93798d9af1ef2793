import type { Queryable } from '@medlink/platform/db';

/** Every query takes local days [from, to] in a zone; these bound an instant column by them. */
export interface DayWindow {
  from: string;
  to: string;
  timeZone: string;
}

const LOWER = `($1::date)::timestamp AT TIME ZONE $3`;
const UPPER = `($2::date + 1)::timestamp AT TIME ZONE $3`;
const dayOf = (column: string) => `to_char((${column} AT TIME ZONE $3)::date, 'YYYY-MM-DD')`;
const windowParams = (window: DayWindow) => [window.from, window.to, window.timeZone];

export async function countMessagesPerChannelDay(db: Queryable, window: DayWindow) {
  const result = await db.query<{ day: string; channel: string; inbound: number; outbound: number }>(
    `SELECT ${dayOf('created_at')} AS day, channel,
            count(*) FILTER (WHERE direction = 'in')::int AS inbound,
            count(*) FILTER (WHERE direction = 'out')::int AS outbound
       FROM messages
      WHERE created_at >= ${LOWER} AND created_at < ${UPPER}
      GROUP BY 1, 2`,
    windowParams(window),
  );
  return result.rows;
}

export async function countTriageLevels(db: Queryable, window: DayWindow) {
  const result = await db.query<{ level: string; count: number }>(
    `SELECT level, count(*)::int AS count
       FROM triage_records
      WHERE created_at >= ${LOWER} AND created_at < ${UPPER}
      GROUP BY level`,
    windowParams(window),
  );
  return result.rows;
}

/**
 * For each consultation whose first patient message falls in the window: seconds until the first
 * practitioner-authored reply after it (null while unanswered). `day` null is the whole window (ROLLUP).
 */
export async function findFirstResponseMedians(db: Queryable, window: DayWindow) {
  const result = await db.query<{
    day: string | null;
    median_seconds: number | null;
    answered: number;
    unanswered: number;
  }>(
    `WITH first_in AS (
       SELECT DISTINCT ON (m.consultation_id) m.consultation_id, m.created_at AS asked_at
         FROM messages m
        WHERE m.direction = 'in' AND m.consultation_id IS NOT NULL
          AND m.created_at >= ${LOWER} AND m.created_at < ${UPPER}
          AND NOT EXISTS (
            SELECT 1 FROM messages earlier
             WHERE earlier.consultation_id = m.consultation_id AND earlier.created_at < m.created_at AND earlier.direction = 'in'
          )
        ORDER BY m.consultation_id, m.created_at
     ), waits AS (
       SELECT ${dayOf('f.asked_at')} AS day,
              extract(epoch FROM (
                SELECT min(r.created_at) FROM messages r
                 WHERE r.consultation_id = f.consultation_id AND r.direction = 'out'
                   AND r.author_practitioner_id IS NOT NULL AND r.created_at > f.asked_at
              ) - f.asked_at)::float8 AS seconds
         FROM first_in f
     )
     SELECT day,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds,
            count(seconds)::int AS answered,
            (count(*) - count(seconds))::int AS unanswered
       FROM waits
      GROUP BY ROLLUP (day)`,
    windowParams(window),
  );
  return result.rows;
}

/** Appointments that started in the window and were either attended (completed) or missed. */
export async function countNoShows(db: Queryable, window: DayWindow) {
  const result = await db.query<{ day: string | null; no_shows: number; attended: number }>(
    `SELECT day,
            count(*) FILTER (WHERE status = 'no_show')::int AS no_shows,
            count(*) FILTER (WHERE status = 'completed')::int AS attended
       FROM (SELECT ${dayOf('starts_at')} AS day, status
               FROM appointments
              WHERE status IN ('completed', 'no_show') AND starts_at >= ${LOWER} AND starts_at < ${UPPER}) AS past
      GROUP BY ROLLUP (day)`,
    windowParams(window),
  );
  return result.rows;
}

/** A dead message's last update is when the workers gave up on it. */
export async function countDeadLetters(db: Queryable, window: DayWindow) {
  const result = await db.query<{ day: string; channel: string; count: number }>(
    `SELECT ${dayOf('updated_at')} AS day, channel, count(*)::int AS count
       FROM messages
      WHERE status = 'dead' AND direction = 'out' AND updated_at >= ${LOWER} AND updated_at < ${UPPER}
      GROUP BY 1, 2`,
    windowParams(window),
  );
  return result.rows;
}

export async function findAdministeredFacilities(db: Queryable, userId: string, staleBefore: Date) {
  const facilities = await db.query<{
    id: string;
    name: string;
    resource_count: number;
    stale_count: number;
    last_published_at: Date | null;
  }>(
    `SELECT f.id, f.name, count(r.id)::int AS resource_count,
            count(r.id) FILTER (WHERE r.updated_at < $2)::int AS stale_count,
            max(r.updated_at) AS last_published_at
       FROM facility_admins fa
       JOIN facilities f ON f.id = fa.facility_id
       LEFT JOIN facility_resources r ON r.facility_id = f.id
      WHERE fa.user_id = $1
      GROUP BY f.id, f.name
      ORDER BY f.name, f.id`,
    [userId, staleBefore],
  );
  const admins = await db.query<{ facility_id: string; user_id: string; display_name: string }>(
    `SELECT fa.facility_id, u.id AS user_id, u.display_name
       FROM facility_admins fa JOIN users u ON u.id = fa.user_id
      WHERE fa.facility_id = ANY($1::uuid[])
      ORDER BY u.display_name`,
    [facilities.rows.map((row) => row.id)],
  );
  return { facilities: facilities.rows, admins: admins.rows };
}
