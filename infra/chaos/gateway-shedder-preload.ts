// Loaded with `node --import` before bot-gateway/src/main.ts while start.ts does not start the inbox load
// shedder itself: the chaos rig's surge then measures the gateway as it will run once that line is wired.
import { hostname } from 'node:os';
import { createLogger } from '@medlink/platform/logger';
import { startInboxLoadShedder } from '../../bot-gateway/src/conversations/inbox-load-shedder';
import { readGatewayEnv } from '../../bot-gateway/src/env';

const env = readGatewayEnv();
if (env.REDIS_URL) {
  startInboxLoadShedder({
    redisUrl: env.REDIS_URL,
    prefix: 'medlink:gateway',
    instanceId: `${hostname()}:${process.pid}`,
    normalConcurrency: env.WORKER_CONCURRENCY,
    logger: createLogger({ service: 'bot-gateway', level: env.LOG_LEVEL }),
  });
}
