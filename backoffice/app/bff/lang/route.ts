import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { LANG_COOKIE } from '../../../src/session/session-cookies';

const form = z.object({
  lang: z.enum(['fr', 'en']),
  next: z
    .string()
    .regex(/^\/(?!\/)[\w\-/?=&.%]*$/)
    .catch('/inbox'),
});

/** The language switch works as a plain form post, so it also works before scripts load. */
export async function POST(request: NextRequest): Promise<Response> {
  const data = await request.formData().catch(() => undefined);
  const parsed = form.safeParse({ lang: data?.get('lang'), next: data?.get('next') ?? '/inbox' });
  if (!parsed.success)
    return Response.json(
      { status: 400, detail: 'lang must be fr or en' },
      { status: 400, headers: { 'content-type': 'application/problem+json' } },
    );
  const response = new NextResponse(null, { status: 303, headers: { location: parsed.data.next } });
  response.cookies.set(LANG_COOKIE, parsed.data.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  return response;
}
