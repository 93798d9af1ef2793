import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { runtimeConfig } from '../../../src/runtime-config';
import { loginToCoreApi, logoutAtCoreApi } from '../../../src/session/core-api-session';
import {
  clearedSessionCookies,
  LANG_COOKIE,
  REFRESH_COOKIE,
  sessionCookies,
} from '../../../src/session/session-cookies';
import { problem } from '../../../src/session/core-api-proxy';

const loginBody = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) });

/** Sign in: core-api checks the password; the tokens go into httpOnly cookies, the user comes back. */
export async function POST(request: NextRequest): Promise<Response> {
  const parsed = loginBody.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, 'email and password are required');
  const result = await loginToCoreApi(runtimeConfig().coreApiUrl, parsed.data);
  if (!result.session) {
    return Response.json(result.problem ?? { status: result.status }, {
      status: result.status,
      headers: { 'content-type': 'application/problem+json' },
    });
  }
  const response = NextResponse.json({ user: result.session.user });
  for (const cookie of sessionCookies(result.session, runtimeConfig().cookieSecure))
    response.cookies.set(cookie.name, cookie.value, cookie.options);
  const jar = await cookies();
  if (!jar.get(LANG_COOKIE))
    response.cookies.set(LANG_COOKIE, result.session.user.preferredLanguage, {
      path: '/',
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600,
    });
  return response;
}

/** Sign out: the refresh token family is revoked at core-api and both cookies are cleared. */
export async function DELETE(request: NextRequest): Promise<Response> {
  if (request.headers.get('x-medlink-bff') !== '1')
    return problem(403, 'A state-changing request must come from the back office page');
  const refreshToken = (await cookies()).get(REFRESH_COOKIE)?.value;
  if (refreshToken) await logoutAtCoreApi(runtimeConfig().coreApiUrl, refreshToken);
  const response = new NextResponse(null, { status: 204 });
  for (const cookie of clearedSessionCookies(runtimeConfig().cookieSecure))
    response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
