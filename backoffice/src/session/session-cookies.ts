import { z } from 'zod';

export const ACCESS_COOKIE = 'ml_access';
export const REFRESH_COOKIE = 'ml_refresh';
export const LANG_COOKIE = 'ml_lang';

/** core-api's session answer (POST /auth/login and /auth/refresh). */
export const sessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  user: z.object({
    id: z.string(),
    role: z.enum(['practitioner', 'facility_admin', 'admin']),
    displayName: z.string(),
    preferredLanguage: z.enum(['fr', 'en']),
    practitionerId: z.string().nullable(),
  }),
});
export type Session = z.infer<typeof sessionSchema>;
export type SessionUser = Session['user'];
export const sessionUserSchema = sessionSchema.shape.user;

export interface CookieSpec {
  name: string;
  value: string;
  options: { httpOnly: boolean; sameSite: 'lax' | 'strict'; secure: boolean; path: string; maxAge: number };
}

/** Both tokens in httpOnly cookies: page scripts never see them. The refresh token only travels to /bff. */
export function sessionCookies(session: Session, secure: boolean): CookieSpec[] {
  return [
    {
      name: ACCESS_COOKIE,
      value: session.accessToken,
      options: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: session.expiresIn },
    },
    {
      name: REFRESH_COOKIE,
      value: session.refreshToken,
      options: { httpOnly: true, sameSite: 'strict', secure, path: '/bff', maxAge: 30 * 24 * 3600 },
    },
  ];
}

export function clearedSessionCookies(secure: boolean): CookieSpec[] {
  return [
    { name: ACCESS_COOKIE, value: '', options: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 } },
    {
      name: REFRESH_COOKIE,
      value: '',
      options: { httpOnly: true, sameSite: 'strict', secure, path: '/bff', maxAge: 0 },
    },
  ];
}

/** Reads one cookie from a raw Cookie header (the Socket.IO handshake has no cookie parser). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
