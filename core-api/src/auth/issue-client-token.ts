import type { CoreApiDeps } from '../deps';
import { issueAccessToken } from '../shared/access-token';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { findClientByClientId } from './oauth-clients.repository';
import type { LoginThrottle } from './login-throttle';
import type { TokenResponse } from './oauth.schemas';
import { verifyPassword } from './passwords';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

/** An RFC 6749 §5.2 error; the route renders it as problem+json that also carries `error`. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

export interface TokenRequest {
  grantType?: string;
  scope?: string;
  /** From HTTP Basic or from the body; `method` says which, for the WWW-Authenticate answer. */
  credentials?: { clientId: string; clientSecret: string; method: 'basic' | 'body' };
  origin: NonNullable<AuditEntry['origin']>;
}

/** OAuth2 client credentials grant (RFC 6749 §4.4). */
export async function issueClientToken(
  deps: CoreApiDeps,
  throttle: LoginThrottle,
  request: TokenRequest,
): Promise<TokenResponse> {
  if (!request.grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (!request.credentials) throw new OAuthError('invalid_client', 'Client authentication is required');
  const { clientId, clientSecret } = request.credentials;
  // Operators may set a weak GATEWAY_CLIENT_SECRET: failures are throttled like staff sign-ins.
  const ip = request.origin.ip ?? 'unknown';
  await throttle.assertAllowed(ip, `client:${clientId}`);
  const client = await findClientByClientId(deps.db, clientId);
  const secretMatches = await verifyPassword(client?.secret_hash, clientSecret);
  if (!client || !secretMatches || client.disabled_at) {
    await writeAudit(deps.db, {
      action: 'oauth.token_failed',
      outcome: 'failed',
      recordType: 'oauth_client',
      recordId: client?.id,
      origin: request.origin,
      details: { reason: !client ? 'unknown_client' : !secretMatches ? 'wrong_secret' : 'disabled' },
    });
    await throttle.recordFailure(ip, `client:${clientId}`);
    throw new OAuthError('invalid_client', 'Client authentication failed');
  }
  if (request.grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
  }
  const requested = (request.scope ?? '').split(' ').filter(Boolean);
  const outside = requested.filter((scope) => !client.scopes.includes(scope));
  if (outside.length > 0)
    throw new OAuthError('invalid_scope', `Scopes not granted to this client: ${outside.join(' ')}`);
  const scopes = requested.length > 0 ? [...new Set(requested)] : client.scopes;
  const principal = {
    kind: 'client' as const,
    clientId: client.client_id,
    scopes,
    facilityId: client.facility_id ?? undefined,
  };
  const accessToken = issueAccessToken(principal, {
    secret: deps.secrets.jwtSecret,
    ttlSeconds: deps.env.ACCESS_TOKEN_TTL_S,
  });
  await writeAudit(deps.db, {
    principal,
    action: 'oauth.token',
    recordType: 'oauth_client',
    recordId: client.id,
    origin: request.origin,
    details: { scopes },
  });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: deps.env.ACCESS_TOKEN_TTL_S,
    scope: scopes.join(' '),
  };
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
export function parseBasicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | 'malformed' | undefined {
  if (!header) return undefined;
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim())?.[1];
  if (!encoded) return /^Basic\b/i.test(header.trim()) ? 'malformed' : undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return 'malformed';
  try {
    const formDecode = (value: string) => decodeURIComponent(value.replaceAll('+', ' '));
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}
