import type { RequestListener } from 'node:http';
import { checkReadiness } from '@medlink/platform/readiness';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { GatewayDeps } from './gateway-deps';
import { createUssdFastPath } from './webhooks/ussd-fast-path';
import { createWebhookRouter } from './webhooks/webhook.routes';

export function createGatewayApp(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.ready ? 200 : 503).json(readiness.body);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(createWebhookRouter(deps));
  app.use((_req, res) => {
    res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'Not found', status: 404 });
  });
  app.use(errorHandler(deps));
  return app;
}

/**
 * What the gateway's HTTP server runs: USSD hops (every screen of every session) skip Express; everything
 * else, and any hop the fast path declines, goes through the app.
 */
export function createGatewayRequestListener(deps: GatewayDeps): RequestListener {
  const app = createGatewayApp(deps);
  const fastPath = createUssdFastPath(deps);
  return (req, res) => {
    if (!fastPath(req, res)) app(req, res);
  };
}

/** Body-parser errors (too large, bad encoding) are the caller's; anything else is ours and logged with its stack. */
function errorHandler(deps: GatewayDeps): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    if (status >= 500) deps.logger.error({ err: error, path: req.path }, 'webhook handling failed');
    else deps.metrics.rejected.inc({ channel: 'unknown', reason: 'bad_input' });
    const code = status >= 400 && status < 600 ? status : 500;
    res
      .status(code)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: code >= 500 ? 'Internal error' : 'Bad request', status: code });
  };
}
