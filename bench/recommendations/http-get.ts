import { Agent, get } from 'node:http';

/**
 * GET over keep-alive connections with Node's http client, reading the whole body. The load driver runs on
 * the same 2 cores as core-api and PostgreSQL; fetch (undici) spends 0.3-0.5 ms of CPU per request here,
 * this client about a fifth of that, so less of the machine goes to the measuring.
 */
export function createHttpGet(connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return (url: string, headers: Record<string, string> = {}): Promise<{ status: number }> =>
    new Promise((resolve, reject) => {
      get(url, { agent, headers }, (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      }).on('error', reject);
    });
}
