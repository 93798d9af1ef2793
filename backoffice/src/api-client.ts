'use client';

import { z } from 'zod';

/** A failed call with core-api's problem+json, enough to show the user what to fix. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors: { path: string; message: string }[],
  ) {
    super(detail);
  }
}

const problemSchema = z.object({
  detail: z.string().optional(),
  title: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Calls core-api through the back office's /bff proxy (the token stays in its httpOnly cookie). */
export async function callApi<T>(
  schema: z.ZodType<T>,
  path: string,
  init: { method?: string; body?: unknown; raw?: Blob; contentType?: string; idempotencyKey?: string } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-medlink-bff'] = '1';
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.raw) headers['content-type'] = init.contentType ?? (init.raw.type || 'application/octet-stream');
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  const response = await fetch(`/bff/api/v1${path}`, {
    method,
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    cache: 'no-store',
  });
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(401, 'unauthenticated', []);
  }
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = problemSchema.safeParse(json);
    const data = problem.success ? problem.data : {};
    throw new ApiError(response.status, data.detail ?? data.title ?? response.statusText, data.errors ?? []);
  }
  return schema.parse(json);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const anyJson = z.unknown();
