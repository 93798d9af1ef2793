import type { Queryable } from '@medlink/platform/db';
import type { Specialty } from './care-needs';

export interface PractitionerCandidateRow {
  id: string;
  full_name: string;
  specialties: string[];
  languages: string[];
  verification_status: string;
  /** The candidate facility they work at (the nearest of their affiliations among the candidates); null: remote. */
  facility_id: string | null;
}

/**
 * Verified practitioners of the wanted specialties who work at one of the candidate facilities
 * (found from the facility side: practitioner_affiliations_facility_idx), plus up to `remoteLimit` who
 * consult remotely and speak the patient's language first.
 */
export async function findPractitionerCandidates(
  db: Queryable,
  options: { specialties: readonly Specialty[]; facilityIds: readonly string[]; language: string; remoteLimit: number; affiliatedLimit: number },
): Promise<PractitionerCandidateRow[]> {
  const [affiliated, remote] = await Promise.all([
    options.facilityIds.length === 0
      ? Promise.resolve({ rows: [] })
      : db.query<PractitionerCandidateRow>(
          `SELECT DISTINCT ON (p.id) p.id, p.full_name, p.specialties, p.languages, p.verification_status, a.facility_id
             FROM practitioner_affiliations a JOIN practitioners p ON p.id = a.practitioner_id
            WHERE a.facility_id = ANY($1::uuid[]) AND p.verification_status = 'verified' AND p.specialties && $2::text[]
            ORDER BY p.id, array_position($1::uuid[], a.facility_id)
            LIMIT $3`,
          [options.facilityIds, options.specialties, options.affiliatedLimit],
        ),
    db.query<PractitionerCandidateRow>(
      `SELECT p.id, p.full_name, p.specialties, p.languages, p.verification_status, NULL::uuid AS facility_id
         FROM practitioners p
        WHERE p.verification_status = 'verified' AND p.offers_remote AND p.specialties && $1::text[]
        ORDER BY ($2 = ANY(p.languages)) DESC, p.id
        LIMIT $3`,
      [options.specialties, options.language, options.remoteLimit],
    ),
  ]);
  const seen = new Set(affiliated.rows.map((row) => row.id));
  return [...affiliated.rows, ...remote.rows.filter((row) => !seen.has(row.id))];
}
