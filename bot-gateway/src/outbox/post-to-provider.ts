import http from 'node:http';
import https from 'node:https';

/** What came back from one HTTP call to a provider, before the provider's own classification. */
export type ProviderHttpResult =
  { kind: 'response'; status: number; text: string; retryAfterMs?: number } | { kind: 'network'; reason: string };

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

// Keep-alive agents: node:http costs far less per call than fetch (no web streams), and sends are small and many.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/** One POST with a deadline; network failures and timeouts are returned, never thrown. */
export function postToProvider(request: ProviderRequest): Promise<ProviderHttpResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProviderHttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      finish({ kind: 'network', reason: 'invalid provider URL' });
      return;
    }
    const isHttps = url.protocol === 'https:';
    const body = Buffer.from(request.body);
    const req = (isHttps ? https : http).request(url, {
      method: 'POST',
      agent: isHttps ? agents['https:'] : agents['http:'],
      headers: { ...request.headers, 'content-length': String(body.length) },
    });
    const timer = setTimeout(() => {
      finish({ kind: 'network', reason: `timeout after ${request.timeoutMs} ms` });
      req.destroy();
    }, request.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'network', reason: `network error${error.code ? `: ${error.code}` : ''}` }),
    );
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => finish({ kind: 'network', reason: 'network error: response aborted' }));
      response.on('end', () => {
        const retryAfter = response.headers['retry-after'];
        finish({
          kind: 'response',
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null),
        });
      });
    });
    req.end(body);
  });
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function parseJsonSafely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
