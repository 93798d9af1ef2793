import type { Queryable } from '@medlink/platform/db';

/**
 * Prior mean and weight of the Bayesian average (C*m + sum) / (C + n): a subject starts as if it had
 * PRIOR_WEIGHT reviews of PRIOR_MEAN stars, so a handful of 5-star reviews cannot outrank a long record
 * of good ones. 3.5 sits a little under the usual mean of patient ratings, so few reviews pull a
 * newcomer neither to the top nor to the bottom.
 */
export const PRIOR_MEAN = 3.5;
export const PRIOR_WEIGHT = 5;

/**
 * Counted states: `published` and `pending` (awaiting moderation). Rejected reviews never count.
 * Pending ones count so a moderation backlog does not freeze ratings; a rejection removes its weight.
 */
export const COUNTED_REVIEW_STATES = ['published', 'pending'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Bayesian rating of each requested practitioner or facility, in one query. Every valid id is in
 * the map; one without reviews has count 0 and the prior mean as its rating.
 */
export async function findBayesianRatings(
  db: Queryable,
  subject: 'practitioner' | 'facility',
  ids: string[],
): Promise<Map<string, { rating: number; count: number }>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  const ratings = new Map<string, { rating: number; count: number }>();
  if (wanted.length === 0) return ratings;
  const column = subject === 'practitioner' ? 'practitioner_id' : 'facility_id';
  const result = await db.query<{ subject_id: string; review_count: string; rating_sum: string }>(
    `SELECT ${column} AS subject_id, count(*) AS review_count, sum(rating) AS rating_sum
       FROM reviews
      WHERE ${column} = ANY($1::uuid[]) AND moderation_state = ANY($2::text[])
      GROUP BY ${column}`,
    [wanted, COUNTED_REVIEW_STATES],
  );
  const totals = new Map(
    result.rows.map((row) => [row.subject_id, { count: Number(row.review_count), sum: Number(row.rating_sum) }]),
  );
  for (const id of wanted) {
    const { count, sum } = totals.get(id) ?? { count: 0, sum: 0 };
    ratings.set(id, { rating: bayesianAverage(sum, count), count });
  }
  return ratings;
}

export function bayesianAverage(sum: number, count: number): number {
  return Math.round(((PRIOR_WEIGHT * PRIOR_MEAN + sum) / (PRIOR_WEIGHT + count)) * 100) / 100;
}
