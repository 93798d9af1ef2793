import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';
import { createLogger } from '@medlink/platform/logger';
import { readGatewayEnv } from '../../bot-gateway/src/env';
import { startGateway } from '../../bot-gateway/src/start';
import { BENCH_DATABASE_URL, CLIENT_SECRET, REDIS_URL } from './bench-setup';

/**
 * The benchmark server: core-api and the gateway (flow engine, Redis sessions, PostgreSQL hop log)
 * in one process on the prepared database; the gateway listens on PORT. Run by bench/ussd/run.ts.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'medlink-bench-ussd-'));
  const api = await startCoreApi({
    env: readCoreApiEnv({
      NODE_ENV: 'production',
      API_PORT: '0',
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL,
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
      DATA_ENCRYPTION_KEY: '22'.repeat(32),
      GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_EMAIL: 'bench@example.org',
      BOOTSTRAP_ADMIN_PASSWORD: 'bench-admin-password-0123456789',
    }),
  });
  const env = readGatewayEnv({
    NODE_ENV: 'production',
    GATEWAY_PORT: process.env.PORT ?? '3001',
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL,
    CORE_API_URL: api.url,
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    LOG_LEVEL: 'warn',
    RUN_WORKER: 'false',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
  });
  const gateway = await startGateway({
    env,
    logger: createLogger({ service: 'bench-gateway', level: 'warn' }),
    keyPrefix: `bench-ussd-${process.pid}`,
  });
  const stop = async () => {
    await gateway.close().catch(() => undefined);
    await api.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
