import { randomUUID } from 'node:crypto';
import type { Queryable } from '@medlink/platform/db';

/** A staff user row for tests (password login is not exercised here). */
export async function insertTestUser(
  db: Queryable,
  role: 'practitioner' | 'facility_admin' | 'admin',
  facilityIds: string[] = [],
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO users (id, email, password_hash, role, display_name) VALUES ($1, $2, 'x', $3, 'Test user')`,
    [id, `${id}@example.org`, role],
  );
  for (const facilityId of facilityIds) {
    await db.query('INSERT INTO facility_admins (user_id, facility_id) VALUES ($1, $2)', [id, facilityId]);
  }
  return id;
}

export async function facilityIdByName(db: Queryable, name: string): Promise<string> {
  const result = await db.query<{ id: string }>('SELECT id FROM facilities WHERE name = $1', [name]);
  const id = result.rows[0]?.id;
  if (!id) throw new Error(`no facility named ${name}`);
  return id;
}
