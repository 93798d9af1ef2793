import { z } from 'zod';

export interface CoreApiResponse {
  status: number;
  body: unknown;
}

export interface CoreApiClient {
  /** Calls `/api/v1<path>` with the gateway's service token; a 401 refreshes the token once. */
  request(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    options?: {
      query?: Record<string, string | number | boolean | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<CoreApiResponse>;
}

export class CoreApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`core-api answered ${status}: ${detail}`);
  }
}

const tokenSchema = z.object({ access_token: z.string(), expires_in: z.number().optional() });
const problemSchema = z.object({ detail: z.string().optional(), title: z.string().optional() });

/**
 * core-api over HTTP as the `gateway` OAuth2 client (client-credentials grant). The token is cached
 * until a minute before it expires and fetched once for concurrent callers (one in-flight request).
 */
export function createCoreApiClient(options: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  clock?: () => Date;
  timeoutMs?: number;
}): CoreApiClient {
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 8_000;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const response = await fetch(`${options.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: 'gateway',
      }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const parsed = tokenSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success) throw new CoreApiError(response.status, 'service token refused');
    const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
    cached = {
      token: parsed.data.access_token,
      renewAt: clock().getTime() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2),
    };
    return parsed.data.access_token;
  };

  const token = async (): Promise<string> => {
    if (cached && cached.renewAt > clock().getTime()) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const send = async (
    method: string,
    url: string,
    init: { body?: unknown; headers?: Record<string, string> },
    bearer: string,
  ) => {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // a non-JSON body is kept as text for the error
    }
    return { status: response.status, body };
  };

  return {
    async request(method, path, requestOptions = {}) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(requestOptions.query ?? {}))
        if (value !== undefined) query.set(key, String(value));
      const url = `${options.baseUrl}/api/v1${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
      let result = await send(method, url, requestOptions, await token());
      if (result.status === 401) {
        cached = undefined;
        result = await send(method, url, requestOptions, await token());
      }
      return result;
    },
  };
}

/** The body of a 2xx answer, parsed; anything else becomes a CoreApiError naming the status and detail. */
export function expectOk<T>(response: CoreApiResponse, schema: z.ZodType<T>): T {
  if (response.status < 200 || response.status >= 300) {
    const problem = problemSchema.safeParse(response.body);
    throw new CoreApiError(
      response.status,
      problem.success ? (problem.data.detail ?? problem.data.title ?? 'error') : 'error',
    );
  }
  return schema.parse(response.body);
}
