import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@medlink/platform/logger';
import { z } from 'zod';

export type AppErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'slot_taken'
  | 'rate_limited'
  | 'invalid_state'
  | 'payload_too_large'
  | 'unsupported_media_type';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  slot_taken: 409,
  invalid_state: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

const TITLES: Record<AppErrorCode, string> = {
  validation_failed: 'Invalid request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  slot_taken: 'Slot no longer available',
  invalid_state: 'Not allowed in the current state',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
};

export interface FieldError {
  path: string;
  message: string;
}

/** The one domain error: services throw a code, the error handler turns it into problem+json. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly httpStatus: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(fields: {
    code: AppErrorCode;
    detail: string;
    errors?: FieldError[];
    cause?: unknown;
    headers?: Record<string, string>;
  }) {
    super(fields.detail, { cause: fields.cause });
    this.code = fields.code;
    this.httpStatus = HTTP_STATUS[fields.code];
    this.errors = fields.errors;
    this.headers = fields.headers;
  }
}

export const notFound = (what: string) => new AppError({ code: 'not_found', detail: `${what} not found` });
export const forbidden = (detail = 'You may not do this') => new AppError({ code: 'forbidden', detail });

export function fieldErrorsFromZod(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof problemSchema>;

export function toProblem(error: AppError, instance?: string): Problem {
  return {
    type: `https://medlink.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.code],
    status: error.httpStatus,
    detail: error.message,
    instance,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError, instance?: string): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res
    .status(error.httpStatus)
    .type('application/problem+json')
    .send(JSON.stringify(toProblem(error, instance)));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(
    res,
    new AppError({ code: 'not_found', detail: `no route for ${req.method} ${req.path}` }),
    req.originalUrl,
  );
};

/** Known errors become their problem; body-parser errors become 400/413/415; anything else a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = asAppError(error);
    if (known) {
      sendProblem(res, known, req.originalUrl);
      return;
    }
    logger.error({ err: error, requestId: req.id }, 'unhandled error');
    res
      .status(500)
      .type('application/problem+json')
      .send(JSON.stringify(internalProblem(req.originalUrl)));
  };
}

/** The body of a 500: what went wrong is in the log, not in the answer. */
export function internalProblem(instance?: string) {
  return {
    type: 'https://medlink.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged.',
    instance,
  };
}

export const invalidJsonBody = () => new AppError({ code: 'validation_failed', detail: 'The body is not valid JSON' });

/**
 * PostgreSQL refuses U+0000 in text (22021) and in jsonb (22P05). Only a request can bring one (the JSON
 * escape \u0000), so it is the request's fault, whichever endpoint stored the text.
 */
const UNSTORABLE_CHARACTER_CODES = new Set(['22021', '22P05']);

/** The AppError an error stands for: itself, what a body-parser or unstorable-text error means; else undefined. */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string' && UNSTORABLE_CHARACTER_CODES.has(error.code))
    return new AppError({
      code: 'validation_failed',
      detail: 'The request holds a character that cannot be stored (U+0000)',
    });
  const type = 'type' in error ? error.type : undefined;
  if (type === 'entity.parse.failed') return invalidJsonBody();
  if (type === 'entity.too.large') return new AppError({ code: 'payload_too_large', detail: 'The body is too large' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError({ code: 'unsupported_media_type', detail: 'Unsupported body encoding' });
  }
  return undefined;
}
