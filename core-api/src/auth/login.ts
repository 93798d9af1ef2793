import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError } from '../shared/errors';
import { findUserByEmail } from '../users/users.repository';
import type { Session } from './auth.schemas';
import { issueSession } from './issue-session';
import type { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';

type Origin = NonNullable<AuditEntry['origin']>;

/** Unknown email, wrong password and disabled account get the same answer after the same work. */
export async function login(
  deps: CoreApiDeps,
  throttle: LoginThrottle,
  input: { email: string; password: string; ip: string; origin: Origin },
): Promise<Session> {
  try {
    await throttle.assertAllowed(input.ip, input.email);
  } catch (error) {
    await writeAudit(deps.db, {
      action: 'auth.login_refused',
      outcome: 'denied',
      origin: input.origin,
      details: { reason: 'rate_limited' },
    });
    throw error;
  }
  const user = await findUserByEmail(deps.db, input.email);
  const passwordMatches = await verifyPassword(user?.password_hash, input.password);
  if (!user || !passwordMatches || user.disabled_at) {
    const reason = !user ? 'unknown_email' : !passwordMatches ? 'wrong_password' : 'disabled';
    await throttle.recordFailure(input.ip, input.email);
    await writeAudit(deps.db, {
      action: 'auth.login_failed',
      outcome: 'failed',
      recordType: user ? 'user' : undefined,
      recordId: user?.id,
      origin: input.origin,
      details: { reason },
    });
    throw new AppError({
      code: 'unauthenticated',
      detail: 'The email or password is incorrect, or the account is disabled',
    });
  }
  await throttle.recordSuccess(input.email);
  return deps.db.transaction(async (tx) => {
    const session = await issueSession(deps, tx, user);
    await writeAudit(tx, {
      principal: { kind: 'user', userId: user.id, role: user.role },
      action: 'auth.login',
      recordType: 'user',
      recordId: user.id,
      origin: input.origin,
    });
    return session;
  });
}
