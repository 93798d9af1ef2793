import type { Server } from 'node:http';
import express from 'express';
import { createLogger, type Logger } from '@medlink/platform/logger';
import { createAfricasTalkingApiRoutes } from './africastalking-api.routes';
import { createMetaApiRoutes } from './meta-api.routes';
import { renderPhonePage } from './phone-page';
import { createSimulatorApiRoutes } from './simulator-api.routes';
import type { SimulatorContext, SimulatorSecrets } from './simulator-context';
import { SimulatorState, type CallbackMode } from './simulator-state';
import { createTwilioApiRoutes } from './twilio-api.routes';

export interface StartedSimulator {
  url: string;
  state: SimulatorState;
  close(): Promise<void>;
}

/**
 * The fake Twilio, Africa's Talking and Meta APIs at their real paths, plus the phone simulator page.
 * Development and tests only: it keeps everything in memory.
 */
export async function startSimulator(options: {
  port: number;
  gatewayUrl: string;
  secrets: SimulatorSecrets;
  logger?: Logger;
  responseDelayMs?: number;
  statusCallbacks?: { mode: CallbackMode; delayMs: number };
  host?: string;
}): Promise<StartedSimulator> {
  const state = new SimulatorState(options.statusCallbacks ?? { mode: 'in-order', delayMs: 300 });
  const context: SimulatorContext = {
    state,
    gatewayUrl: options.gatewayUrl,
    secrets: options.secrets,
    logger: options.logger ?? createLogger({ service: 'simulator', level: 'info' }),
    responseDelayMs: options.responseDelayMs ?? 0,
  };
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.type('html').send(renderPhonePage());
  });
  // The container's health check (infra/docker/Dockerfile) asks every service for /healthz.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(createSimulatorApiRoutes(context));
  app.use(createTwilioApiRoutes(context));
  app.use(createAfricasTalkingApiRoutes(context));
  app.use(createMetaApiRoutes(context));
  app.use((_req, res) => {
    res.status(404).json({ title: 'Not found', status: 404 });
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(options.port, options.host ?? '127.0.0.1', () => resolve(listening));
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
