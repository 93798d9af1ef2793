import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { AppError, fieldErrorsFromZod, problemSchema } from './errors';
import { roleOf, type Principal, type Role } from './principal';

/**
 * Who may call a route. The role is checked here, before any input is read; the object
 * (this consultation, that facility) is checked by the use case.
 */
export type Access =
  | { public: true }
  | { roles: readonly Role[]; scopes?: readonly string[] }
  /** Any authenticated principal; the use case decides on the object. */
  | { authenticated: true };

type AnyObject = z.ZodObject<z.ZodRawShape>;
/** No params or no query: an object schema without keys. */
type NoKeys = z.ZodObject<Record<never, z.ZodType>>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax: `/patients/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** The success response; errors are problem+json and documented for every route. */
  response: { status: number; description: string; schema?: z.ZodType };
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    principal: Principal | undefined;
    req: Request;
    res: Response;
  }) => Promise<unknown>;
}

export interface RegisteredRoute {
  method: string;
  path: string;
  access: Access;
  hasParams: boolean;
}

/**
 * An Express router whose every route is validated by zod and documented in OpenAPI from the same
 * schemas. `routes` lists what was registered, for the authorization matrix test.
 */
export class ApiRouter {
  readonly router = Router();
  readonly routes: RegisteredRoute[] = [];

  constructor(
    readonly registry: OpenAPIRegistry,
    private readonly basePath: string,
  ) {}

  add<P extends AnyObject = NoKeys, Q extends AnyObject = NoKeys, B extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.routes.push({
      method: spec.method,
      path: this.basePath + spec.path,
      access: spec.access,
      hasParams: Boolean(spec.params),
    });
    this.register(spec);
    this.router[spec.method](spec.path, async (req, res) => {
      const principal = req.principal;
      checkAccess(spec.access, principal);
      const params = parsePart(spec.params, req.params, 'params');
      const query = parsePart(spec.query, req.query, 'query');
      const body = spec.body ? parsePart(spec.body, req.body, 'body') : undefined;
      const result = await spec.handler({
        params: params as z.infer<P>,
        query: query as z.infer<Q>,
        body: body as z.infer<B>,
        principal,
        req,
        res,
      });
      if (res.headersSent) return;
      if (spec.response.status === 204 || result === undefined) res.status(spec.response.status).end();
      else res.status(spec.response.status).json(result);
    });
  }

  private register(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>): void {
    const isPublic = 'public' in spec.access;
    const problem = (description: string) => ({
      description,
      content: { 'application/problem+json': { schema: problemSchema } },
    });
    this.registry.registerPath({
      method: spec.method,
      path: (this.basePath + spec.path).replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: spec.tags,
      security: isPublic ? [] : [{ bearerAuth: [] }],
      request: {
        params: spec.params,
        query: spec.query,
        body: spec.body ? { content: { 'application/json': { schema: spec.body } } } : undefined,
      },
      responses: {
        [spec.response.status]: spec.response.schema
          ? {
              description: spec.response.description,
              content: { 'application/json': { schema: spec.response.schema } },
            }
          : { description: spec.response.description },
        400: problem('Invalid input; `errors` lists each field'),
        ...(isPublic
          ? {}
          : { 401: problem('Missing or invalid token'), 403: problem('Not allowed for this principal') }),
        404: problem('Not found'),
      },
    });
  }
}

export function checkAccess(access: Access, principal: Principal | undefined): void {
  if ('public' in access) return;
  if (!principal) throw new AppError({ code: 'unauthenticated', detail: 'A valid bearer token is required' });
  if ('authenticated' in access) return;
  const role = roleOf(principal);
  if (role === 'client') {
    const granted = principal.kind === 'client' ? principal.scopes : [];
    if (access.scopes?.some((scope) => granted.includes(scope))) return;
    throw new AppError({ code: 'forbidden', detail: 'This client lacks the scope for this route' });
  }
  if (!access.roles.includes(role)) throw new AppError({ code: 'forbidden', detail: `Role ${role} may not do this` });
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: 'params' | 'query' | 'body'): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new AppError({
    code: 'validation_failed',
    detail: `The request ${part} is invalid`,
    errors: fieldErrorsFromZod(result.error, part),
  });
}

export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return registry;
}
