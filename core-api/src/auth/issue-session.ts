import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { issueAccessToken } from '../shared/access-token';
import type { UserRow } from '../users/users.repository';
import type { Session, SessionUser } from './auth.schemas';
import { insertRefreshToken } from './refresh-tokens.repository';

/** Only this hash is stored: a database leak does not hand out sessions. */
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new access token and refresh token; a new family at sign-in, the same family on rotation. */
export async function issueSession(
  deps: CoreApiDeps,
  db: Queryable,
  user: UserRow,
  familyId: string = randomUUID(),
): Promise<Session> {
  const now = deps.clock();
  const refreshToken = randomBytes(32).toString('base64url');
  await insertRefreshToken(db, {
    userId: user.id,
    familyId,
    tokenHash: hashRefreshToken(refreshToken),
    issuedAt: now,
    expiresAt: new Date(now.getTime() + deps.env.REFRESH_TOKEN_TTL_S * 1000),
  });
  const accessToken = issueAccessToken(
    { kind: 'user', userId: user.id, role: user.role },
    { secret: deps.secrets.jwtSecret, ttlSeconds: deps.env.ACCESS_TOKEN_TTL_S },
  );
  return { accessToken, refreshToken, expiresIn: deps.env.ACCESS_TOKEN_TTL_S, user: toSessionUser(user) };
}

export function toSessionUser(user: UserRow): SessionUser {
  return {
    id: user.id,
    role: user.role,
    displayName: user.display_name,
    preferredLanguage: user.preferred_language,
    practitionerId: user.practitioner_id,
  };
}
