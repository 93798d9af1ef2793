import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Download links carry `?token=`: an HMAC-SHA256 over (file id, audience, subject, expiry) with a key
 * derived from DATA_ENCRYPTION_KEY by HKDF, so the token cannot be used for another file, another
 * audience or after it expires. It is not a login: the download re-checks the subject's right to the file.
 */
const payloadSchema = z.object({
  f: z.uuid(),
  a: z.enum(['practitioner', 'patient']),
  /** practitioner id, or patient id */
  s: z.uuid(),
  /** the practitioner's user id, for the audit trail */
  u: z.uuid().optional(),
  e: z.number().int(),
});
export type FileLinkClaims = z.infer<typeof payloadSchema>;

export function deriveLinkKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'medlink:file-links:v1', 32));
}

export function signFileLink(linkKey: Buffer, claims: FileLinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(linkKey, payload)}`;
}

/**
 * The claims of a genuine, unexpired token for this file; undefined for anything else. `linkKeys` is the
 * current link key, then during a key rotation the previous one, so links already sent keep working.
 */
export function verifyFileLink(
  linkKeys: readonly Buffer[],
  token: string,
  fileId: string,
  now: Date,
): FileLinkClaims | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature);
  const isSignedByOne = linkKeys.some((linkKey) => {
    const expected = Buffer.from(mac(linkKey, payload));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!isSignedByOne) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = payloadSchema.safeParse(decoded);
  if (!claims.success || claims.data.f !== fileId || claims.data.e * 1000 <= now.getTime()) return undefined;
  return claims.data;
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
