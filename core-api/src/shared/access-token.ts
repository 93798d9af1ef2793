import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Principal } from './principal';

const claimsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), sub: z.string(), role: z.enum(['practitioner', 'facility_admin', 'admin']) }),
  z.object({
    kind: z.literal('client'),
    sub: z.string(),
    scopes: z.array(z.string()),
    facilityId: z.string().optional(),
  }),
  z.object({ kind: z.literal('patient'), sub: z.string() }),
]);

const ISSUER = 'medlink-core-api';

export function issueAccessToken(principal: Principal, options: { secret: string; ttlSeconds: number }): string {
  const claims =
    principal.kind === 'user'
      ? { kind: 'user', role: principal.role }
      : principal.kind === 'client'
        ? { kind: 'client', scopes: principal.scopes, facilityId: principal.facilityId }
        : { kind: 'patient' };
  const subject =
    principal.kind === 'user'
      ? principal.userId
      : principal.kind === 'client'
        ? principal.clientId
        : principal.patientId;
  return jwt.sign(claims, options.secret, {
    algorithm: 'HS256',
    expiresIn: options.ttlSeconds,
    issuer: ISSUER,
    subject,
  });
}

/** Tokens verified lately, with their expiry: the gateway and the back office send the same token many times. */
const verified = new Map<string, { principal: Principal; expiresAtMs: number; secret: string }>();
const VERIFIED_LIMIT = 10_000;

/** Returns the principal of a valid token, or undefined for an invalid, expired or tampered one. */
export function verifyAccessToken(token: string, secret: string, nowMs = Date.now()): Principal | undefined {
  const known = verified.get(token);
  if (known && known.secret === secret && known.expiresAtMs > nowMs) return known.principal;
  const signed = verifySignedToken(token, secret);
  if (!signed) return undefined;
  if (verified.size >= VERIFIED_LIMIT) verified.clear();
  verified.set(token, { principal: signed.principal, expiresAtMs: signed.expiresAtMs, secret });
  return signed.principal;
}

function verifySignedToken(token: string, secret: string): { principal: Principal; expiresAtMs: number } | undefined {
  let decoded: unknown;
  try {
    decoded = jwt.verify(token, secretKeyOf(secret), { algorithms: ['HS256'], issuer: ISSUER });
  } catch {
    return undefined;
  }
  const parsed = claimsSchema.safeParse(decoded);
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  const expiresAtMs = (Number((decoded as { exp?: unknown }).exp) || 0) * 1000;
  return { principal: principalOf(claims), expiresAtMs };
}

function principalOf(claims: z.infer<typeof claimsSchema>): Principal {
  if (claims.kind === 'user') return { kind: 'user', userId: claims.sub, role: claims.role };
  if (claims.kind === 'client')
    return { kind: 'client', clientId: claims.sub, scopes: claims.scopes, facilityId: claims.facilityId };
  return { kind: 'patient', patientId: claims.sub };
}

const secretKeys = new Map<string, KeyObject>();

/**
 * Given a string, jsonwebtoken first tries to parse it as a PEM public key (createPublicKey throws) on every
 * call; that failed parse was about a seventh of a recommendation's CPU in core-api. A KeyObject skips it.
 */
function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    secretKeys.set(secret, key);
  }
  return key;
}
