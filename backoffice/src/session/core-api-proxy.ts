import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { runtimeConfig } from '../runtime-config';
import { refreshAtCoreApi } from './core-api-session';
import { ACCESS_COOKIE, REFRESH_COOKIE, sessionCookies, type CookieSpec } from './session-cookies';

/** Headers the browser may pass on to core-api; everything else (cookies above all) stays here. */
const FORWARDED_HEADERS = ['content-type', 'idempotency-key', 'accept-language'];

/**
 * The back-office-for-frontend: the browser calls /bff/api/v1/..., this adds the user's access token from
 * its httpOnly cookie, and refreshes the pair once when core-api answers 401.
 */
export async function proxyToCoreApi(request: NextRequest, apiPath: string): Promise<Response> {
  if (request.method !== 'GET' && request.headers.get('x-medlink-bff') !== '1') {
    return problem(403, 'A state-changing request must come from the back office page');
  }
  const jar = await cookies();
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const call = (token: string | undefined) => forward(request, apiPath, token, body);
  let response = await call(jar.get(ACCESS_COOKIE)?.value);
  let renewed: CookieSpec[] = [];
  const refreshToken = jar.get(REFRESH_COOKIE)?.value;
  if (response.status === 401 && refreshToken) {
    const session = await refreshAtCoreApi(runtimeConfig().coreApiUrl, refreshToken);
    if (session) {
      renewed = sessionCookies(session, runtimeConfig().cookieSecure);
      response = await call(session.accessToken);
    }
  }
  const headers = new Headers();
  for (const name of ['content-type', 'content-disposition', 'content-length', 'cache-control']) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  const out = new NextResponse(response.body, { status: response.status, headers });
  for (const cookie of renewed) out.cookies.set(cookie.name, cookie.value, cookie.options);
  return out;
}

async function forward(
  request: NextRequest,
  apiPath: string,
  token: string | undefined,
  body: ArrayBuffer | undefined,
): Promise<Response> {
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (token) headers.set('authorization', `Bearer ${token}`);
  const url = `${runtimeConfig().coreApiUrl}/api/v1/${apiPath}${request.nextUrl.search}`;
  return fetch(url, { method: request.method, headers, body, redirect: 'manual' });
}

export function problem(status: number, detail: string): Response {
  return Response.json(
    { type: 'about:blank', title: detail, status, detail },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
