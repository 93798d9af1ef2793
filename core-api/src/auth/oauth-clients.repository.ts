import type { Queryable } from '@medlink/platform/db';
import type { Cursor } from '../shared/pagination';

export interface OAuthClientRow {
  id: string;
  client_id: string;
  secret_hash: string;
  name: string;
  scopes: string[];
  facility_id: string | null;
  disabled_at: Date | null;
  created_at: Date;
  sort_key: string;
}

const CLIENT_COLUMNS =
  'id, client_id, secret_hash, name, scopes, facility_id, disabled_at, created_at, created_at::text AS sort_key';

export async function findClientByClientId(db: Queryable, clientId: string): Promise<OAuthClientRow | undefined> {
  const result = await db.query<OAuthClientRow>(`SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE client_id = $1`, [
    clientId,
  ]);
  return result.rows[0];
}

export async function insertClient(
  db: Queryable,
  client: { clientId: string; secretHash: string; name: string; scopes: string[]; facilityId: string | null },
): Promise<OAuthClientRow> {
  const result = await db.query<OAuthClientRow>(
    `INSERT INTO oauth_clients (client_id, secret_hash, name, scopes, facility_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${CLIENT_COLUMNS}`,
    [client.clientId, client.secretHash, client.name, client.scopes, client.facilityId],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Creates or re-keys a client by its client_id (several instances starting together are fine). */
export async function upsertClient(
  db: Queryable,
  client: { clientId: string; secretHash: string; name: string; scopes: string[] },
): Promise<void> {
  await db.query(
    `INSERT INTO oauth_clients (client_id, secret_hash, name, scopes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (client_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, scopes = EXCLUDED.scopes, disabled_at = NULL`,
    [client.clientId, client.secretHash, client.name, client.scopes],
  );
}

export async function listClients(db: Queryable, page: { after?: Cursor; limit: number }): Promise<OAuthClientRow[]> {
  const result = await db.query<OAuthClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_clients
     WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [page.after?.sortKey ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return result.rows;
}

export async function disableClient(db: Queryable, id: string, at: Date): Promise<OAuthClientRow | undefined> {
  const result = await db.query<OAuthClientRow>(
    `UPDATE oauth_clients SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1 RETURNING ${CLIENT_COLUMNS}`,
    [id, at],
  );
  return result.rows[0];
}

export async function facilityExists(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM facilities WHERE id = $1', [id]);
  return result.rows.length > 0;
}
