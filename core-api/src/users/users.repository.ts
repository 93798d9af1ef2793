import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';
import type { StaffRole } from '../shared/principal';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: StaffRole;
  display_name: string;
  preferred_language: 'fr' | 'en';
  disabled_at: Date | null;
  created_at: Date;
  practitioner_id: string | null;
  /** created_at as PostgreSQL text: full microsecond precision for keyset cursors. */
  sort_key: string;
}

const USER_COLUMNS = `u.id, u.email, u.password_hash, u.role, u.display_name, u.preferred_language, u.disabled_at, u.created_at, u.created_at::text AS sort_key,
  (SELECT p.id FROM practitioners p WHERE p.user_id = u.id) AS practitioner_id`;

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE lower(u.email) = lower($1)`, [
    email,
  ]);
  return result.rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return result.rows[0];
}

/** Inserts a user; answers undefined when the email is taken (case-insensitively). */
export async function insertUser(
  db: Queryable,
  user: { email: string; passwordHash: string; role: StaffRole; displayName: string; preferredLanguage: 'fr' | 'en' },
): Promise<UserRow | undefined> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, role, display_name, preferred_language)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
    [user.email, user.passwordHash, user.role, user.displayName, user.preferredLanguage],
  );
  const id = result.rows[0]?.id;
  return id ? findUserById(db, id) : undefined;
}

export async function hasActiveAdmin(db: Queryable): Promise<boolean> {
  const result = await db.query("SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1");
  return result.rows.length > 0;
}

export async function listUsers(
  db: Queryable,
  filter: { role?: StaffRole; after?: Cursor; limit: number },
): Promise<UserRow[]> {
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u
     WHERE ($1::text IS NULL OR u.role = $1)
       AND ($2::timestamptz IS NULL OR (u.created_at, u.id) < ($2::timestamptz, $3::uuid))
     ORDER BY u.created_at DESC, u.id DESC
     LIMIT $4`,
    [filter.role ?? null, filter.after?.sortKey ?? null, filter.after?.id ?? null, filter.limit + 1],
  );
  return result.rows;
}

export async function disableUser(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1', [id, at]);
  await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, at]);
}

export async function findExistingFacilityIds(db: Queryable, ids: string[]): Promise<string[]> {
  const result = await db.query<{ id: string }>('SELECT id FROM facilities WHERE id = ANY($1::uuid[])', [ids]);
  return result.rows.map((row) => row.id);
}

export async function replaceAdministeredFacilities(
  db: Queryable,
  userId: string,
  facilityIds: string[],
): Promise<void> {
  await db.query('DELETE FROM facility_admins WHERE user_id = $1 AND NOT (facility_id = ANY($2::uuid[]))', [
    userId,
    facilityIds,
  ]);
  await db.query(
    `INSERT INTO facility_admins (user_id, facility_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [userId, facilityIds],
  );
}

export async function listAdministeredFacilityIds(db: Queryable, userId: string): Promise<string[]> {
  const result = await db.query<{ facility_id: string }>(
    'SELECT facility_id FROM facility_admins WHERE user_id = $1 ORDER BY facility_id',
    [userId],
  );
  return result.rows.map((row) => row.facility_id);
}
