import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The largest JSON body core-api reads: express.json's limit, and the fast paths'. */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;

const PLAIN_JSON_TYPE = /^application\/json(;\s*charset=utf-8)?$/i;

/**
 * Whether the headers announce a body a fast path reads itself: JSON in UTF-8, not compressed, of a declared
 * length within the limit. Anything else (other types or charsets, an encoding, chunks, too long) is left to
 * express.json and its answers.
 */
export function announcesPlainJsonBody(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  const length = Number(headers['content-length'] ?? Number.NaN);
  return (
    type !== undefined &&
    PLAIN_JSON_TYPE.test(type) &&
    headers['content-encoding'] === undefined &&
    headers['transfer-encoding'] === undefined &&
    length <= JSON_BODY_LIMIT_BYTES
  );
}

/** The request's body, read to its end. */
export function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The body as express.json reads it: a leading byte order mark dropped, an empty body as {}, and only an object
 * or an array at the top (its strict mode); undefined where express.json answers "not valid JSON".
 */
export function parseJsonBody(body: Buffer): { value: unknown } | undefined {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.length === 0) return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? { value } : undefined;
  } catch {
    return undefined;
  }
}
