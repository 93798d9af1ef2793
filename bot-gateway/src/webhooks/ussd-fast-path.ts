import type { IncomingMessage, ServerResponse } from 'node:http';
import { listWebhookEndpoints } from '../channels/registry';
import type { WebhookEndpoint, WebhookRequest } from '../channels/types';
import type { GatewayDeps } from '../gateway-deps';
import { answerUssdWebhook, type WebhookReply } from './webhook.routes';

/** The same limit express.raw applies to every webhook. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * USSD hops straight from node:http: every hop of every session waits on this answer, and Express's
 * router and body parser cost more per hop than the verify and parse steps. Same steps, same answers
 * as the Express route (answerUssdWebhook); anything unusual (another path or method, a compressed
 * body) returns false and Express serves it.
 */
export function createUssdFastPath(deps: GatewayDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const endpoints = new Map<string, WebhookEndpoint>();
  for (const endpoint of listWebhookEndpoints(deps.channels))
    if (endpoint.mode === 'ussd') endpoints.set(endpoint.path, endpoint);
  return (req, res) => {
    if (req.method !== 'POST' || endpoints.size === 0) return false;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const endpoint = endpoints.get(queryAt === -1 ? url : url.slice(0, queryAt));
    if (!endpoint) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') return false;
    void serve(deps, endpoint, req, res);
    return true;
  };
}

async function serve(
  deps: GatewayDeps,
  endpoint: WebhookEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const stopTimer = deps.metrics.webhookSeconds.startTimer({ endpoint: endpoint.path });
  let reply: WebhookReply;
  try {
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      deps.metrics.rejected.inc({ channel: 'unknown', reason: 'bad_input' });
      reply = problem(413, 'Bad request');
    } else {
      reply = await answerUssdWebhook(deps, endpoint, toWebhookRequest(req, rawBody));
    }
  } catch (error) {
    deps.logger.error({ err: error, path: endpoint.path }, 'webhook handling failed');
    reply = problem(500, 'Internal error');
  }
  const headers: Record<string, string | number> = {};
  if (reply.type)
    headers['content-type'] = reply.type.includes('charset') ? reply.type : `${reply.type}; charset=utf-8`;
  if (reply.body !== undefined) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
  stopTimer({ status: String(reply.status) });
}

function problem(status: number, title: string): WebhookReply {
  return { status, type: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title, status }) };
}

/** The raw body, or undefined when it is over the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BODY_LIMIT_BYTES) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isTooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) isTooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(isTooLarge ? undefined : chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function toWebhookRequest(req: IncomingMessage, rawBody: Buffer): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value[0] : value;
  const originalUrl = req.url ?? '/';
  const query: Record<string, string> = {};
  const queryAt = originalUrl.indexOf('?');
  if (queryAt !== -1)
    for (const [key, value] of new URLSearchParams(originalUrl.slice(queryAt + 1)))
      if (!(key in query)) query[key] = value;
  return { method: req.method ?? 'POST', originalUrl, query, headers, rawBody };
}
