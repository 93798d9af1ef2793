import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { parseLang, type Lang } from '../i18n/messages';
import { runtimeConfig } from '../runtime-config';
import { fetchMe } from './core-api-session';
import { ACCESS_COOKIE, LANG_COOKIE, type SessionUser } from './session-cookies';

export async function readLang(): Promise<Lang> {
  return parseLang((await cookies()).get(LANG_COOKIE)?.value);
}

/** The signed-in user for a server layout; an expired or missing session goes through refresh (or sign-in). */
export async function requireUser(): Promise<SessionUser> {
  const token = (await cookies()).get(ACCESS_COOKIE)?.value;
  const user = token ? await fetchMe(runtimeConfig().coreApiUrl, token).catch(() => undefined) : undefined;
  if (user) return user;
  const here = (await headers()).get('x-medlink-path') ?? '/inbox';
  redirect(`/bff/session/refresh?next=${encodeURIComponent(here)}`);
}
