import type { Request } from 'express';
import type { WebhookRequest } from '../channels/types';

/** The parts of an Express request a verify/parse step may read; the raw bytes come from express.raw. */
export function toWebhookRequest(req: Request): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value[0] : value;
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(req.originalUrl, 'http://gateway.invalid').searchParams)
    if (!(key in query)) query[key] = value;
  return {
    method: req.method,
    originalUrl: req.originalUrl,
    query,
    headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}
