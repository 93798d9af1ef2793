import type { CoreApiDeps } from '../deps';
import { verifyAccessToken } from './access-token';
import type { Principal } from './principal';
import { holdsRole } from './user-standing';

export interface CheckedBearer {
  principal: Principal;
  /** False when the token's user account was disabled, or its role changed, since the token was issued. */
  isStanding: boolean;
}

/**
 * What an Authorization header proves: undefined when it holds no valid bearer token (verified tokens are
 * cached), else the token's principal and whether its account still stands (see holdsRole).
 */
export async function checkBearerToken(
  deps: Pick<CoreApiDeps, 'db' | 'secrets'>,
  authorization: string,
): Promise<CheckedBearer | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const principal = token ? verifyAccessToken(token, deps.secrets.jwtSecret) : undefined;
  if (!principal) return undefined;
  const isStanding = principal.kind === 'user' ? await holdsRole(deps.db, principal.userId, principal.role) : true;
  return { principal, isStanding };
}
