import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import next from 'next';
import { createLiveEventBus, type LiveEventBus } from '@medlink/platform/live-events';
import { createLogger, type Logger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';
import type { BackofficeEnv } from './env';
import { attachLiveSockets } from './live/attach-live-sockets';
import { setRuntimeConfig } from './runtime-config';

export const BACKOFFICE_DIR = path.join(__dirname, '..');

export interface StartedBackoffice {
  server: Server;
  url: string;
  liveEvents: LiveEventBus;
  close: () => Promise<void>;
}

/**
 * Next (a production build; `next dev` when NEXT_DEV=true) and Socket.IO on one port. The all-in-one
 * launcher passes its in-process `liveEvents` bus (embedded mode); alone, the back office subscribes to
 * Redis pub/sub when REDIS_URL is set.
 */
export async function startBackoffice(options: {
  env: BackofficeEnv;
  liveEvents?: LiveEventBus;
  coreApiUrl?: string;
  logger?: Logger;
  dir?: string;
  host?: string;
}): Promise<StartedBackoffice> {
  const { env } = options;
  const logger = options.logger ?? createLogger({ service: 'backoffice', level: env.LOG_LEVEL });
  const coreApiUrl = options.coreApiUrl ?? env.CORE_API_URL;
  const redis = env.REDIS_URL
    ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
    : undefined;
  const ownsBus = !options.liveEvents;
  const bus =
    options.liveEvents ??
    createLiveEventBus({
      redis,
      channel: env.LIVE_EVENTS_CHANNEL,
      pruneIntervalMs: 0,
      onError: (error) => logger.warn({ err: error }, 'live events'),
    });
  setRuntimeConfig({
    coreApiUrl,
    simulatorUrl: env.NODE_ENV === 'production' ? null : env.SIMULATOR_URL,
    cookieSecure: env.COOKIE_SECURE,
  });

  const dev = env.NEXT_DEV;
  const httpServer = createServer();
  // Only `next dev` needs the server (hot reload over WebSocket); Socket.IO owns upgrades otherwise.
  const app = next({ dev, dir: options.dir ?? BACKOFFICE_DIR, quiet: !dev, ...(dev ? { httpServer } : {}) });
  await app.prepare();
  const handle = app.getRequestHandler();
  httpServer.on('request', (req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url?.startsWith('/socket.io')) return;
    // Server layouts read it to send an expired session back to the same page after refreshing.
    req.headers['x-medlink-path'] = req.url ?? '/';
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const live = attachLiveSockets({ httpServer, bus, coreApiUrl, logger, redis });
  await bus.ready();
  await new Promise<void>((resolve) =>
    httpServer.listen(env.BACKOFFICE_PORT, options.host ?? '127.0.0.1', () => resolve()),
  );
  const { port } = httpServer.address() as AddressInfo;
  logger.info({ port, dev, redis: Boolean(redis) }, 'back office listening');
  return {
    server: httpServer,
    url: `http://127.0.0.1:${port}`,
    liveEvents: bus,
    async close() {
      await live.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await app.close();
      if (ownsBus) await bus.close();
      redis?.disconnect();
    },
  };
}
