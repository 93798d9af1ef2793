// The back office's live layer without Next: its own Socket.IO code (attachLiveSockets) on a bare HTTP server,
// subscribed to the live-event bus over Redis, as each back-office instance runs it. The chaos rig starts two.
// Usage: node --import tsx infra/chaos/socket-host-main.ts <port> <redis url> <core-api url>
import { createServer } from 'node:http';
import { createLiveEventBus } from '@medlink/platform/live-events';
import { createLogger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';
import { attachLiveSockets } from '../../backoffice/src/live/attach-live-sockets';

async function main(): Promise<void> {
  const [port, redisUrl, coreApiUrl] = process.argv.slice(2);
  if (!port || !redisUrl || !coreApiUrl)
    throw new Error('usage: socket-host-main.ts <port> <redis url> <core-api url>');
  const logger = createLogger({ service: 'socket-host', level: 'warn' });
  const redis = connectRedis(redisUrl, (error) => logger.warn({ err: error }, 'redis error'));
  const bus = createLiveEventBus({
    redis,
    pruneIntervalMs: 0,
    onError: (error) => logger.warn({ err: error }, 'live events'),
  });
  const httpServer = createServer();
  httpServer.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io')) return;
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
  });
  attachLiveSockets({ httpServer, bus, coreApiUrl, logger, redis });
  await bus.ready();
  await new Promise<void>((resolve) => httpServer.listen(Number(port), '127.0.0.1', () => resolve()));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
