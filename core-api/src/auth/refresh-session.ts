import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError } from '../shared/errors';
import { findUserById } from '../users/users.repository';
import type { Session } from './auth.schemas';
import { hashRefreshToken, issueSession } from './issue-session';
import {
  findRefreshTokenForUpdate,
  markRefreshTokenSpent,
  revokeRefreshTokenFamily,
} from './refresh-tokens.repository';

type Origin = NonNullable<AuditEntry['origin']>;
type Outcome =
  | { ok: true; session: Session }
  | { ok: false; reason: 'unknown' | 'revoked' | 'reused' | 'expired' | 'disabled'; userId?: string };

/**
 * Rotates a refresh token: the presented one is spent, a new one joins its family. A spent token
 * presented again means it was copied: the whole family is revoked, the newest token included.
 */
export async function refreshSession(
  deps: CoreApiDeps,
  input: { refreshToken: string; origin: Origin },
): Promise<Session> {
  const now = deps.clock();
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const token = await findRefreshTokenForUpdate(tx, hashRefreshToken(input.refreshToken));
    if (!token) return { ok: false, reason: 'unknown' };
    const userId = token.user_id;
    if (token.revoked_at) return { ok: false, reason: 'revoked', userId };
    if (token.spent_at) {
      await revokeRefreshTokenFamily(tx, token.family_id, now);
      await writeAudit(tx, {
        action: 'auth.refresh_reuse',
        outcome: 'denied',
        recordType: 'user',
        recordId: userId,
        origin: input.origin,
        details: { familyId: token.family_id },
      });
      return { ok: false, reason: 'reused', userId };
    }
    if (token.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired', userId };
    const user = await findUserById(tx, userId);
    if (!user || user.disabled_at) {
      await revokeRefreshTokenFamily(tx, token.family_id, now);
      return { ok: false, reason: 'disabled', userId };
    }
    await markRefreshTokenSpent(tx, token.id, now);
    const session = await issueSession(deps, tx, user, token.family_id);
    await writeAudit(tx, {
      principal: { kind: 'user', userId: user.id, role: user.role },
      action: 'auth.refresh',
      recordType: 'user',
      recordId: user.id,
      origin: input.origin,
    });
    return { ok: true, session };
  });
  if (outcome.ok) return outcome.session;
  if (outcome.reason !== 'reused') {
    await writeAudit(deps.db, {
      action: 'auth.refresh_refused',
      outcome: 'denied',
      recordType: outcome.userId ? 'user' : undefined,
      recordId: outcome.userId,
      origin: input.origin,
      details: { reason: outcome.reason },
    });
  }
  throw new AppError({
    code: 'unauthenticated',
    detail: 'The refresh token is invalid, expired or revoked; sign in again',
  });
}

/** Revokes the family of the presented token; answers the same whether or not it existed. */
export async function logout(deps: CoreApiDeps, input: { refreshToken: string; origin: Origin }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const token = await findRefreshTokenForUpdate(tx, hashRefreshToken(input.refreshToken));
    if (!token) return;
    await revokeRefreshTokenFamily(tx, token.family_id, deps.clock());
    await writeAudit(tx, {
      action: 'auth.logout',
      recordType: 'user',
      recordId: token.user_id,
      origin: input.origin,
      details: { familyId: token.family_id },
    });
  });
}
