import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';
import type { Identity } from './normalize-identity';

export interface PatientRow {
  id: string;
  preferred_language: 'fr' | 'en';
  display_name: string | null;
  birth_year: number | null;
  sex: 'female' | 'male' | 'other' | null;
  consent_version: string | null;
  consent_at: Date | null;
  consent_channel: string | null;
  country_iso3: string | null;
  admin_area: string | null;
  lat: number | null;
  lon: number | null;
  opted_out_at: Date | null;
  erased_at: Date | null;
  created_at: Date;
  sort_key: string;
}

const PATIENT_COLUMNS = `id, preferred_language, display_name, birth_year, sex, consent_version, consent_at, consent_channel,
  country_iso3, admin_area, lat, lon, opted_out_at, erased_at, created_at, created_at::text AS sort_key`;

export async function findPatientById(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PatientRow | undefined> {
  const result = await db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function findPatientIdByIdentity(db: Queryable, identity: Identity): Promise<string | undefined> {
  const result = await db.query<{ patient_id: string }>(
    'SELECT patient_id FROM patient_identities WHERE kind = $1 AND address = $2',
    [identity.kind, identity.address],
  );
  return result.rows[0]?.patient_id;
}

export async function insertPatient(db: Queryable, patient: { language: 'fr' | 'en'; at: Date }): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO patients (preferred_language, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id',
    [patient.language, patient.at],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('insert returned no row');
  return id;
}

/** Links the identity unless another patient holds it; a concurrent insert waits for the other to commit. */
export async function insertIdentityIfFree(db: Queryable, patientId: string, identity: Identity): Promise<boolean> {
  const result = await db.query(
    'INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, $2, $3) ON CONFLICT (kind, address) DO NOTHING RETURNING id',
    [patientId, identity.kind, identity.address],
  );
  return result.rows.length > 0;
}

export async function listIdentities(db: Queryable, patientId: string): Promise<Identity[]> {
  const result = await db.query<Identity>(
    'SELECT kind, address FROM patient_identities WHERE patient_id = $1 ORDER BY created_at, id',
    [patientId],
  );
  return result.rows;
}

const PATCHABLE_COLUMNS = [
  'preferred_language',
  'display_name',
  'birth_year',
  'sex',
  'country_iso3',
  'admin_area',
  'lat',
  'lon',
  'consent_version',
  'consent_at',
  'consent_channel',
  'opted_out_at',
] as const;

export type PatientColumnChanges = Partial<Record<(typeof PATCHABLE_COLUMNS)[number], string | number | Date | null>>;

/** Sets the given columns (undefined = unchanged); column names come from the list above only. */
export async function updatePatientColumns(
  db: Queryable,
  id: string,
  changes: PatientColumnChanges,
  at: Date,
): Promise<void> {
  const entries = PATCHABLE_COLUMNS.flatMap((column) =>
    changes[column] === undefined ? [] : [[column, changes[column]] as const],
  );
  const assignments = entries.map(([column], index) => `${column} = $${index + 3}`);
  await db.query(`UPDATE patients SET ${['updated_at = $2', ...assignments].join(', ')} WHERE id = $1`, [
    id,
    at,
    ...entries.map(([, value]) => value),
  ]);
}

/** A practitioner may see a patient they follow in a consultation or hold a live appointment with. */
export async function isPractitionerOfPatient(
  db: Queryable,
  practitionerId: string,
  patientId: string,
): Promise<boolean> {
  const result = await db.query<{ allowed: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM consultation_participants cp JOIN consultations c ON c.id = cp.consultation_id
       WHERE c.patient_id = $1 AND cp.practitioner_id = $2 AND cp.left_at IS NULL
     ) OR EXISTS (
       SELECT 1 FROM appointments a WHERE a.patient_id = $1 AND a.practitioner_id = $2 AND a.status <> 'cancelled'
     ) AS allowed`,
    [patientId, practitionerId],
  );
  return result.rows[0]?.allowed === true;
}

export async function listPatients(
  db: Queryable,
  filter: {
    language?: 'fr' | 'en';
    optedOut?: boolean;
    erased?: boolean;
    addresses?: string[];
    after?: Cursor;
    limit: number;
  },
): Promise<PatientRow[]> {
  const result = await db.query<PatientRow>(
    `SELECT ${PATIENT_COLUMNS} FROM patients p
     WHERE ($1::text IS NULL OR p.preferred_language = $1)
       AND ($2::boolean IS NULL OR (p.opted_out_at IS NOT NULL) = $2)
       AND ($3::boolean IS NULL OR (p.erased_at IS NOT NULL) = $3)
       AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM patient_identities i WHERE i.patient_id = p.id AND i.address = ANY($4::text[])))
       AND ($5::timestamptz IS NULL OR (p.created_at, p.id) < ($5::timestamptz, $6::uuid))
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT $7`,
    [
      filter.language ?? null,
      filter.optedOut ?? null,
      filter.erased ?? null,
      filter.addresses ?? null,
      filter.after?.sortKey ?? null,
      filter.after?.id ?? null,
      filter.limit + 1,
    ],
  );
  return result.rows;
}
