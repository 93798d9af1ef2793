import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@medlink/platform/logger';
import { asAppError, internalProblem, toProblem } from './errors';

/** What app.ts records of every request, Express's or a fast path's: the latency metric and the log line. */
export type RecordRequest = (request: {
  requestId: string;
  method: string;
  route: string;
  status: number;
  started: bigint;
}) => void;

/** What a fast path takes from app.ts to answer as Express would. */
export interface FastPathOptions {
  /** The caller's request id when it is a sane one, else a new one. */
  requestId: (incoming: string | undefined) => string;
  done: RecordRequest;
}

export interface FastReply {
  readonly requestId: string;
  json(status: number, value: unknown): void;
  /** An AppError as its problem; anything else logged and answered with a 500 problem, as errorHandler does. */
  fail(error: unknown): void;
}

/**
 * The answer of a request served straight from node:http, with what Express adds to it: the request id
 * header, the same JSON and problem+json bodies and content types, then `done` for the metric and the log.
 */
export function replyFromFastPath(
  req: IncomingMessage,
  res: ServerResponse,
  context: { route: string; logger: Pick<Logger, 'error'>; options: FastPathOptions },
): FastReply {
  const started = process.hrtime.bigint();
  const incoming = req.headers['x-request-id'];
  const requestId = context.options.requestId(Array.isArray(incoming) ? incoming[0] : incoming);
  const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      ...headers,
      'content-type': `${type}; charset=utf-8`,
      'content-length': Buffer.byteLength(body),
      'x-request-id': requestId,
    });
    res.end(body);
    context.options.done({ requestId, method: req.method ?? '', route: context.route, status, started });
  };
  return {
    requestId,
    json: (status, value) => send(status, 'application/json', JSON.stringify(value)),
    fail(error) {
      const known = asAppError(error);
      if (known) {
        send(known.httpStatus, 'application/problem+json', JSON.stringify(toProblem(known, req.url)), known.headers);
        return;
      }
      context.logger.error({ err: error, requestId }, 'unhandled error');
      send(500, 'application/problem+json', JSON.stringify(internalProblem(req.url)));
    },
  };
}
