// `npm start`: the whole platform in one process on the embedded defaults (PGlite, in-process queues,
// sessions and live-event bus), or against PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set.
// One process, because an embedded PGlite database can only be opened by one process at a time.
// Provider settings left unset point at the provider simulator, with demo secrets that the simulator
// signs with and the gateway checks, so every channel can be played from a browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDb } from '@medlink/platform/db';
import { createLiveEventBus, publisherFor } from '@medlink/platform/live-events';
import { connectRedis } from '@medlink/platform/redis';
import { createLogger } from '@medlink/platform/logger';
import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';
import { ensureGatewayClient } from '@medlink/core-api/auth/gateway-client';
import { readGatewayEnv } from '@medlink/bot-gateway/env';
import { startGateway } from '@medlink/bot-gateway/start';
import { startSimulator } from '@medlink/bot-gateway/simulator/start-simulator';
import { readBackofficeEnv } from '@medlink/backoffice/src/env';
import { BACKOFFICE_DIR, startBackoffice } from '@medlink/backoffice/src/start-backoffice';
import { demoProviderEnv } from './demo-provider-env';

type Stop = () => Promise<unknown>;

async function main(): Promise<void> {
  const coreEnv = readCoreApiEnv();
  const logger = createLogger({ service: 'medlink', level: coreEnv.LOG_LEVEL });
  const db = await openDb({ databaseUrl: coreEnv.DATABASE_URL, dataDir: path.join(coreEnv.DATA_DIR, 'pglite') });
  const stops: Stop[] = [];
  const backofficeEnv = readBackofficeEnv();
  if (!backofficeEnv.NEXT_DEV) buildBackofficeOnce(logger);

  // One bus for every service: in-process when embedded, Redis pub/sub when REDIS_URL is set.
  const redis = coreEnv.REDIS_URL
    ? connectRedis(coreEnv.REDIS_URL, (error) => logger.warn({ err: error }, 'redis error'))
    : undefined;
  const liveEvents = createLiveEventBus({ db, redis, onError: (error) => logger.warn({ err: error }, 'live events') });
  stops.push(async () => {
    await liveEvents.close();
    redis?.disconnect();
  });
  const publish = publisherFor(liveEvents, (error) => logger.warn({ err: error }, 'live event not published'));

  const coreApi = await startCoreApi({ env: coreEnv, db, publish, logger: logger.child({ component: 'core-api' }) });
  stops.push(coreApi.close);
  const gatewayClient = await ensureGatewayClient(coreApi.deps);

  const providerEnv = await demoProviderEnv(process.env, coreEnv.DATA_DIR);
  const gatewayEnv = readGatewayEnv({
    ...process.env,
    ...providerEnv,
    CORE_API_URL: process.env.CORE_API_URL ?? coreApi.url,
    GATEWAY_CLIENT_ID: gatewayClient.clientId,
    GATEWAY_CLIENT_SECRET: gatewayClient.clientSecret,
  });
  const gateway = await startGateway({
    env: gatewayEnv,
    db,
    publish,
    logger: logger.child({ component: 'bot-gateway' }),
  });
  stops.push(gateway.close);

  const simulator = await startSimulator({
    port: gatewayEnv.SIMULATOR_PORT,
    gatewayUrl: gateway.url,
    logger: logger.child({ component: 'simulator' }),
    secrets: {
      publicBaseUrl: gatewayEnv.PUBLIC_BASE_URL,
      twilio: {
        accountSid: gatewayEnv.TWILIO_ACCOUNT_SID,
        authToken: gatewayEnv.TWILIO_AUTH_TOKEN,
        smsFrom: gatewayEnv.TWILIO_SMS_FROM,
        whatsappFrom: gatewayEnv.TWILIO_WHATSAPP_FROM,
      },
      africastalking: {
        username: gatewayEnv.AT_USERNAME,
        apiKey: gatewayEnv.AT_API_KEY,
        webhookToken: gatewayEnv.AT_WEBHOOK_TOKEN,
        smsFrom: gatewayEnv.AT_SMS_FROM,
        ussdCode: gatewayEnv.AT_USSD_CODE,
      },
      meta: {
        accessToken: gatewayEnv.META_ACCESS_TOKEN,
        appSecret: gatewayEnv.META_APP_SECRET,
        phoneNumberId: gatewayEnv.META_PHONE_NUMBER_ID,
      },
    },
  });
  stops.push(simulator.close);

  const backoffice = await startBackoffice({
    env: backofficeEnv,
    liveEvents,
    coreApiUrl: coreApi.url,
    logger: logger.child({ component: 'backoffice' }),
  });
  stops.push(backoffice.close);

  logger.info(
    {
      backoffice: backoffice.url,
      coreApi: coreApi.url,
      gateway: gateway.url,
      simulator: simulator.url,
      engine: db.engine,
      redis: Boolean(coreEnv.REDIS_URL),
    },
    'MedLink is running',
  );
  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

/** `npm ci && npm start` on a fresh clone has no back-office build yet: make it once (about a minute). */
function buildBackofficeOnce(logger: ReturnType<typeof createLogger>): void {
  if (existsSync(path.join(BACKOFFICE_DIR, '.next', 'BUILD_ID'))) return;
  logger.info('building the back office (first start only)');
  const result = spawnSync('npm', ['run', 'build', '-w', '@medlink/backoffice'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the back-office build failed');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
