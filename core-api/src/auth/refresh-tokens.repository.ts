import type { Queryable } from '@medlink/platform/db';

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  spent_at: Date | null;
  revoked_at: Date | null;
}

export async function insertRefreshToken(
  db: Queryable,
  token: { userId: string; familyId: string; tokenHash: string; issuedAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO refresh_tokens (user_id, family_id, token_hash, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [token.userId, token.familyId, token.tokenHash, token.issuedAt, token.expiresAt],
  );
}

/** Locks the row: two refreshes with one token are serialised, so the second sees it spent. */
export async function findRefreshTokenForUpdate(
  db: Queryable,
  tokenHash: string,
): Promise<RefreshTokenRow | undefined> {
  const result = await db.query<RefreshTokenRow>(
    'SELECT id, user_id, family_id, expires_at, spent_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE',
    [tokenHash],
  );
  return result.rows[0];
}

export async function markRefreshTokenSpent(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE refresh_tokens SET spent_at = $2 WHERE id = $1', [id, at]);
}

export async function revokeRefreshTokenFamily(db: Queryable, familyId: string, at: Date): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
    at,
  ]);
}
