import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { runtimeConfig } from '../../../../../src/runtime-config';
import { ACCESS_COOKIE } from '../../../../../src/session/session-cookies';
import { problem } from '../../../../../src/session/core-api-proxy';

const linkSchema = z.object({ url: z.string().startsWith('/api/v1/files/'), expiresAt: z.string() });

/**
 * A download asks core-api for the participant's short-lived link, then fetches through it. Someone who
 * does not take part in the consultation gets 403 (core-api hides the file from them).
 */
export async function GET(_request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) return problem(400, 'not a file id');
  const token = (await cookies()).get(ACCESS_COOKIE)?.value;
  if (!token) return problem(401, 'Sign in first');
  const { coreApiUrl } = runtimeConfig();
  const linkResponse = await fetch(`${coreApiUrl}/api/v1/files/${id}/link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (linkResponse.status === 401) return problem(401, 'Sign in again');
  const link = linkSchema.safeParse(await linkResponse.json().catch(() => undefined));
  if (!linkResponse.ok || !link.success) return problem(403, 'You may not download this file');
  const content = await fetch(coreApiUrl + link.data.url);
  if (!content.ok) return problem(403, 'This link is invalid or has expired');
  const headers = new Headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = content.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(content.body, { status: 200, headers });
}
