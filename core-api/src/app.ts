import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { checkReadiness } from '@medlink/platform/readiness';
import express, { type Express, type RequestHandler } from 'express';
import { Histogram, Gauge } from 'prom-client';
import type { CoreApiDeps } from './deps';
import { createFacilitySearchFastPath } from './facilities/facility-search-fast-path';
import { createTriageAssessFastPath } from './triage/triage-assess-fast-path';
import { registerDomainRoutes } from './routes';
import { ApiRouter, createOpenApiRegistry, type RegisteredRoute } from './shared/api-router';
import { writeAudit } from './shared/audit';
import { checkBearerToken, type CheckedBearer } from './shared/bearer-token';
import { AppError, errorHandler, notFoundHandler, sendProblem } from './shared/errors';
import type { FastPathOptions, RecordRequest } from './shared/fast-path-reply';
import { JSON_BODY_LIMIT_BYTES } from './shared/json-request-body';
import { renderApiDocsPage } from './shared/api-docs-page';

export interface CoreApiApp {
  app: Express;
  /** What the HTTP server runs: the facility search and triage assessment fast paths, else the Express app. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  routes: RegisteredRoute[];
  openApiDocument: () => unknown;
}

export function createCoreApiApp(deps: CoreApiDeps): CoreApiApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.env.TRUST_PROXY);
  app.set('etag', false);

  const recordRequest = createRequestRecorder(deps);
  app.use(assignRequestId);
  app.use(recordRequests(recordRequest));
  app.use(express.json({ limit: JSON_BODY_LIMIT_BYTES }));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(authenticate(deps));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.ready ? 200 : 503).json(readiness.body);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });

  const registry = createOpenApiRegistry();
  const api = new ApiRouter(registry, '/api/v1');
  const rootApi = new ApiRouter(registry, '');
  registerDomainRoutes(api, rootApi, deps);

  let document: unknown;
  const openApiDocument = () => {
    document ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'MedLink core API',
        version: '1.0.0',
        description: 'Patients, practitioners, facilities, appointments, consultations, triage and recommendations.',
      },
      servers: [{ url: '/' }],
    });
    return document;
  };
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.get('/api/v1/docs', (_req, res) => {
    res.type('html').send(renderApiDocsPage(openApiDocument()));
  });
  app.use('/api/v1', api.router);
  app.use(rootApi.router);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  const fastPathOptions: FastPathOptions = { requestId: requestIdFrom, done: recordRequest };
  const searchFacilitiesFast = createFacilitySearchFastPath(deps, fastPathOptions);
  const assessTriageFast = createTriageAssessFastPath(deps, {
    ...fastPathOptions,
    fallBack: app,
    clientIp: clientIpOf(app),
  });
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!searchFacilitiesFast(req, res) && !assessTriageFast(req, res)) app(req, res);
  };
  return { app, listener, routes: [...api.routes, ...rootApi.routes], openApiDocument };
}

/** The caller's request id when it is a sane one, else a new one. */
const requestIdFrom = (incoming: string | undefined) =>
  incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();

/**
 * Express's `req.ip` (the client address by its `trust proxy` setting) for a request served before Express:
 * its own getter, given the app and the two fields of the request it reads.
 */
function clientIpOf(app: Express): (req: IncomingMessage) => string | undefined {
  return (req) =>
    Reflect.get(app.request, 'ip', { app, headers: req.headers, socket: req.socket }) as string | undefined;
}

const assignRequestId: RequestHandler = (req, res, next) => {
  req.id = requestIdFrom(req.get('x-request-id'));
  res.setHeader('x-request-id', req.id);
  next();
};

/** The request latency histogram, and the pool gauge read at each scrape. */
function createRequestMetrics(deps: CoreApiDeps): Histogram<'method' | 'route' | 'status'> {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [deps.metrics],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [deps.metrics],
    collect() {
      const stats = deps.db.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  return histogram;
}

/** The latency metric and the log line of every request, Express's (recordRequests) or a fast path's. */
function createRequestRecorder(deps: CoreApiDeps): RecordRequest {
  const histogram = createRequestMetrics(deps);
  return ({ requestId, method, route, status, started }) => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    histogram.observe({ method, route, status: String(status) }, durationMs / 1000);
    deps.logger[status >= 500 ? 'error' : 'info']({ requestId, method, route, status, durationMs }, 'request');
  };
}

function recordRequests(record: RecordRequest): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () =>
      record({ requestId: req.id, method: req.method, route: routeLabel(req), status: res.statusCode, started }),
    );
    next();
  };
}

/** The matched route pattern, never the raw path (ids would explode the label set). */
function routeLabel(req: Parameters<RequestHandler>[0]): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

/** A bearer token, when present, must be valid: a bad one is refused (and audited), never ignored. */
function authenticate(deps: CoreApiDeps): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header || (req.path === '/oauth/token' && /^Basic\s/i.test(header))) return next();
    let bearer: CheckedBearer | undefined;
    try {
      bearer = await checkBearerToken(deps, header);
    } catch (error) {
      return next(error);
    }
    if (!bearer?.isStanding) {
      await writeAudit(deps.db, {
        action: 'auth.token_refused',
        outcome: 'denied',
        origin: { ip: req.ip, requestId: req.id, userAgent: req.get('user-agent') },
        details: { path: req.path, ...(bearer ? { reason: 'account disabled or role changed' } : {}) },
      }).catch((error: unknown) => deps.logger.error({ err: error }, 'audit write failed'));
      sendProblem(
        res,
        new AppError({ code: 'unauthenticated', detail: 'The access token is invalid or expired' }),
        req.originalUrl,
      );
      return;
    }
    req.principal = bearer.principal;
    next();
  };
}
