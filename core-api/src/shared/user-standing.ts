import type { Queryable } from '@medlink/platform/db';
import type { StaffRole } from './principal';

/** How long an instance trusts what it read about an account; a disabled account is refused within this. */
const STANDING_TTL_MS = 5_000;

/** What an instance knows of an account: its role, 'disabled', or 'unknown' (no such row). */
type Standing = StaffRole | 'disabled' | 'unknown';

const cache = new WeakMap<Queryable, Map<string, { standing: Standing; expiresAt: number }>>();

/**
 * Whether an access token's user may still act with that role: an access token outlives the disabling
 * of its account or a change of role by up to its lifetime, so each request checks the account (read at
 * most once per STANDING_TTL_MS per user and instance; the instance that disables an account forgets it at
 * once). Accounts are disabled, never deleted, and tokens are only issued for accounts, so a token whose
 * account has no row is judged by its signature alone.
 */
export async function holdsRole(db: Queryable, userId: string, role: StaffRole, now = Date.now()): Promise<boolean> {
  let known = cache.get(db);
  if (!known) cache.set(db, (known = new Map()));
  let entry = known.get(userId);
  if (!entry || entry.expiresAt <= now) {
    const result = await db.query<{ role: StaffRole; disabled: boolean }>(
      'SELECT role, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1',
      [userId],
      { name: 'user-standing' },
    );
    const row = result.rows[0];
    entry = { standing: !row ? 'unknown' : row.disabled ? 'disabled' : row.role, expiresAt: now + STANDING_TTL_MS };
    known.set(userId, entry);
  }
  return entry.standing === role || entry.standing === 'unknown';
}

export function forgetUserStanding(db: Queryable, userId: string): void {
  cache.get(db)?.delete(userId);
}
