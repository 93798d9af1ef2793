import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';

export interface PractitionerRecord {
  id: string;
  userId: string | null;
  fullName: string;
  specialties: string[];
  languages: string[];
  licenceNumber: string;
  verificationStatus: 'pending' | 'verified' | 'suspended';
  verifiedBy: string | null;
  verifiedAt: Date | null;
  verificationNotes: string | null;
  offersRemote: boolean;
  timeZone: string;
  bioFr: string | null;
  bioEn: string | null;
  facilityIds: string[];
}

interface PractitionerRow {
  id: string;
  user_id: string | null;
  full_name: string;
  specialties: string[];
  languages: string[];
  licence_number: string;
  verification_status: 'pending' | 'verified' | 'suspended';
  verified_by: string | null;
  verified_at: Date | null;
  verification_notes: string | null;
  offers_remote: boolean;
  time_zone: string;
  bio_fr: string | null;
  bio_en: string | null;
  facility_ids: string[] | null;
}

const SELECT_PRACTITIONER = `
  SELECT p.id, p.user_id, p.full_name, p.specialties, p.languages, p.licence_number, p.verification_status,
         p.verified_by, p.verified_at, p.verification_notes, p.offers_remote, p.time_zone, p.bio_fr, p.bio_en,
         ARRAY(SELECT a.facility_id FROM practitioner_affiliations a WHERE a.practitioner_id = p.id ORDER BY a.facility_id) AS facility_ids
    FROM practitioners p`;

export interface NewPractitioner {
  userId: string | null;
  fullName: string;
  specialties: string[];
  languages: string[];
  licenceNumber: string;
  offersRemote: boolean;
  timeZone: string;
  bioFr: string | null;
  bioEn: string | null;
  verificationStatus?: 'pending' | 'verified';
}

export async function insertPractitioner(tx: Queryable, fields: NewPractitioner): Promise<string> {
  const result = await tx.query<{ id: string }>(
    `INSERT INTO practitioners (user_id, full_name, specialties, languages, licence_number, offers_remote, time_zone, bio_fr, bio_en, verification_status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      fields.userId,
      fields.fullName,
      fields.specialties,
      fields.languages,
      fields.licenceNumber,
      fields.offersRemote,
      fields.timeZone,
      fields.bioFr,
      fields.bioEn,
      fields.verificationStatus ?? 'pending',
    ],
  );
  return result.rows[0]?.id ?? '';
}

export async function replaceAffiliations(
  tx: Queryable,
  practitionerId: string,
  facilityIds: readonly string[],
): Promise<void> {
  await tx.query('DELETE FROM practitioner_affiliations WHERE practitioner_id = $1', [practitionerId]);
  if (facilityIds.length === 0) return;
  await tx.query(
    'INSERT INTO practitioner_affiliations (practitioner_id, facility_id) SELECT $1, f FROM unnest($2::uuid[]) AS f ON CONFLICT DO NOTHING',
    [practitionerId, [...new Set(facilityIds)]],
  );
}

export async function findPractitionerById(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PractitionerRecord | undefined> {
  const result = await db.query<PractitionerRow>(
    `${SELECT_PRACTITIONER} WHERE p.id = $1${options.forUpdate ? ' FOR UPDATE OF p' : ''}`,
    [id],
  );
  const row = result.rows[0];
  return row ? toRecord(row) : undefined;
}

export async function listPractitioners(
  db: Queryable,
  filters: {
    status?: string;
    specialty?: string;
    language?: string;
    facilityId?: string;
    after?: Cursor;
    limit: number;
  },
): Promise<PractitionerRecord[]> {
  const result = await db.query<PractitionerRow>(
    `${SELECT_PRACTITIONER}
      WHERE ($1::text IS NULL OR p.verification_status = $1)
        AND ($2::text IS NULL OR $2 = ANY(p.specialties))
        AND ($3::text IS NULL OR $3 = ANY(p.languages))
        AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM practitioner_affiliations a WHERE a.practitioner_id = p.id AND a.facility_id = $4))
        AND ($5::text IS NULL OR (p.full_name, p.id::text) > ($5, $6::text))
      ORDER BY p.full_name, p.id::text
      LIMIT $7`,
    [
      filters.status ?? null,
      filters.specialty ?? null,
      filters.language ?? null,
      filters.facilityId ?? null,
      filters.after?.sortKey ?? null,
      filters.after?.id ?? null,
      filters.limit,
    ],
  );
  return result.rows.map(toRecord);
}

export type PractitionerChanges = Partial<Omit<NewPractitioner, 'userId' | 'verificationStatus'>>;

const COLUMNS = [
  ['fullName', 'full_name'],
  ['specialties', 'specialties'],
  ['languages', 'languages'],
  ['licenceNumber', 'licence_number'],
  ['offersRemote', 'offers_remote'],
  ['timeZone', 'time_zone'],
  ['bioFr', 'bio_fr'],
  ['bioEn', 'bio_en'],
] as const satisfies readonly (readonly [keyof PractitionerChanges, string])[];

export async function updatePractitioner(tx: Queryable, id: string, changes: PractitionerChanges): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [field, column] of COLUMNS) {
    const value = changes[field];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  if (sets.length === 0) return;
  await tx.query(`UPDATE practitioners SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
}

export async function setVerification(
  tx: Queryable,
  id: string,
  fields: { status: 'pending' | 'verified' | 'suspended'; verifiedBy: string | null; at: Date; notes: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE practitioners SET verification_status = $2, verified_by = $3, verified_at = $4, verification_notes = $5, updated_at = now() WHERE id = $1`,
    [id, fields.status, fields.verifiedBy, fields.at, fields.notes],
  );
}

export async function hasAnyPractitioner(db: Queryable): Promise<boolean> {
  return (await db.query('SELECT 1 FROM practitioners LIMIT 1')).rowCount > 0;
}

/** The role of a staff account and whether a practitioner record already links it. */
export async function findLinkableUser(
  db: Queryable,
  userId: string,
): Promise<{ role: string; linkedPractitionerId: string | null } | undefined> {
  const result = await db.query<{ role: string; practitioner_id: string | null }>(
    'SELECT u.role, p.id AS practitioner_id FROM users u LEFT JOIN practitioners p ON p.user_id = u.id WHERE u.id = $1',
    [userId],
  );
  const row = result.rows[0];
  return row ? { role: row.role, linkedPractitionerId: row.practitioner_id } : undefined;
}

export async function findExistingFacilityIds(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<{ id: string; time_zone: string }>(
    'SELECT id, time_zone FROM facilities WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.time_zone]));
}

function toRecord(row: PractitionerRow): PractitionerRecord {
  return {
    id: row.id,
    userId: row.user_id,
    fullName: row.full_name,
    specialties: row.specialties,
    languages: row.languages,
    licenceNumber: row.licence_number,
    verificationStatus: row.verification_status,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
    verificationNotes: row.verification_notes,
    offersRemote: row.offers_remote,
    timeZone: row.time_zone,
    bioFr: row.bio_fr,
    bioEn: row.bio_en,
    facilityIds: row.facility_ids ?? [],
  };
}
