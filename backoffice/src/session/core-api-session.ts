import { createHash } from 'node:crypto';
import { sessionSchema, sessionUserSchema, type Session, type SessionUser } from './session-cookies';

/** Server-side calls to core-api's auth endpoints. */
export async function loginToCoreApi(
  coreApiUrl: string,
  body: { email: string; password: string },
): Promise<{ session?: Session; status: number; problem?: unknown }> {
  const response = await fetch(`${coreApiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return { status: response.status, problem: json };
  const parsed = sessionSchema.safeParse(json);
  return parsed.success ? { session: parsed.data, status: 200 } : { status: 502 };
}

/**
 * Refresh tokens rotate and core-api treats a second use as theft (it revokes the family). A page fires
 * several requests at once when its access token expires (data, prefetches, the layout), so concurrent and
 * just-finished refreshes of the same token share one result for a short grace period instead of racing.
 */
export function refreshAtCoreApi(coreApiUrl: string, refreshToken: string): Promise<Session | undefined> {
  const key = createHash('sha256').update(refreshToken).digest('base64url');
  const now = Date.now();
  const recent = inflightRefreshes();
  for (const [entryKey, entry] of recent) if (entry.expiresAt < now) recent.delete(entryKey);
  const existing = recent.get(key);
  if (existing) return existing.result;
  const result = requestRefresh(coreApiUrl, refreshToken);
  recent.set(key, { result, expiresAt: now + REFRESH_GRACE_MS });
  return result;
}

const REFRESH_GRACE_MS = 30_000;
const REFRESHES = Symbol.for('medlink.backoffice.refreshes');

/** One map per process: Next may load this module once per route bundle. */
function inflightRefreshes(): Map<string, { result: Promise<Session | undefined>; expiresAt: number }> {
  const existing: unknown = Reflect.get(globalThis, REFRESHES);
  if (existing instanceof Map) return existing;
  const created = new Map<string, { result: Promise<Session | undefined>; expiresAt: number }>();
  Reflect.set(globalThis, REFRESHES, created);
  return created;
}

async function requestRefresh(coreApiUrl: string, refreshToken: string): Promise<Session | undefined> {
  const response = await fetch(`${coreApiUrl}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const parsed = sessionSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data : undefined;
}

export async function logoutAtCoreApi(coreApiUrl: string, refreshToken: string): Promise<void> {
  await fetch(`${coreApiUrl}/api/v1/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  }).catch(() => undefined);
}

/** The signed-in user of an access token, or undefined when core-api refuses it. */
export async function fetchMe(coreApiUrl: string, accessToken: string): Promise<SessionUser | undefined> {
  const response = await fetch(`${coreApiUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!response.ok) return undefined;
  const parsed = sessionUserSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data : undefined;
}
