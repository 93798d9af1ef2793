import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { runtimeConfig } from '../../../../src/runtime-config';
import { refreshAtCoreApi } from '../../../../src/session/core-api-session';
import { REFRESH_COOKIE, sessionCookies } from '../../../../src/session/session-cookies';

/** Only paths of this site: `next` never sends the user elsewhere. */
function safeNext(value: string | null): string {
  return value && /^\/(?!\/)[\w\-/?=&.%]*$/.test(value) ? value : '/inbox';
}

async function refresh() {
  const refreshToken = (await cookies()).get(REFRESH_COOKIE)?.value;
  return refreshToken ? refreshAtCoreApi(runtimeConfig().coreApiUrl, refreshToken) : undefined;
}

/** Pages land here when the access token expired: refresh, then back to where the user was (or sign in). */
export async function GET(request: NextRequest): Promise<Response> {
  const next = safeNext(request.nextUrl.searchParams.get('next'));
  const session = await refresh();
  const target = session ? next : `/login?next=${encodeURIComponent(next)}`;
  // A relative Location: behind the custom server Next does not know the public origin.
  const response = new NextResponse(null, { status: 303, headers: { location: target } });
  for (const cookie of session ? sessionCookies(session, runtimeConfig().cookieSecure) : [])
    response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

/** The live connection asks for a fresh access cookie before it reconnects. */
export async function POST(): Promise<Response> {
  const session = await refresh();
  if (!session) return new Response(null, { status: 401 });
  const response = new NextResponse(null, { status: 204 });
  for (const cookie of sessionCookies(session, runtimeConfig().cookieSecure))
    response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
