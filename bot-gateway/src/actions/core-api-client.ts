import http from 'node:http';
import https from 'node:https';
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
  const transport = createTransport(options.baseUrl, timeoutMs);

  const fetchToken = async (): Promise<string> => {
    const response = await transport.send('POST', `${options.baseUrl}/oauth/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: 'gateway',
      }).toString(),
    });
    const parsed = tokenSchema.safeParse(parseBody(response.text));
    if (response.status < 200 || response.status >= 300 || !parsed.success)
      throw new CoreApiError(response.status, 'service token refused');
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
  ): Promise<CoreApiResponse> => {
    const response = await transport.send(method, url, {
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: parseBody(response.text) };
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

/** JSON when it parses; a non-JSON body is kept as text for the error. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * HTTP/1.1 with keep-alive over node:http: one core-api call is on every USSD triage session's last
 * hop, and fetch (undici, web streams, an AbortSignal timer each) cost more CPU than the call itself.
 */
function createTransport(baseUrl: string, timeoutMs: number) {
  const isHttps = new URL(baseUrl).protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: 64 })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const requestOf = isHttps ? https.request : http.request;
  return {
    send(
      method: string,
      url: string,
      init: { headers: Record<string, string>; body?: string },
    ): Promise<{ status: number; text: string }> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { accept: 'application/json', ...init.headers };
        if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
        const request = requestOf(url, { method, headers, agent, timeout: timeoutMs }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        });
        request.on('timeout', () => request.destroy(new Error(`core-api did not answer within ${timeoutMs} ms`)));
        request.on('error', reject);
        request.end(init.body);
      });
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
