import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';
import { createLogger } from '@medlink/platform/logger';
import { readGatewayEnv } from '../../bot-gateway/src/env';
import { startGateway } from '../../bot-gateway/src/start';
import { BENCH_DATABASE_URL, CLIENT_SECRET, REDIS_URL } from './bench-setup';

/** core-api's settings for the benchmark, as environment variables (the separate process reads them). */
export function benchCoreApiEnv(port: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    API_PORT: port,
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'medlink-bench-ussd-')),
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    DATA_ENCRYPTION_KEY: '22'.repeat(32),
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_EMAIL: 'bench@example.org',
    BOOTSTRAP_ADMIN_PASSWORD: 'bench-admin-password-0123456789',
  };
}

/**
 * The benchmark server: the gateway (flow engine, Redis sessions, PostgreSQL hop log) on the prepared
 * database, listening on PORT. core-api is the process at CORE_API_URL (as deployed: its own process),
 * or, without it, runs in this process. Run by bench/ussd/run.ts.
 */
async function main(): Promise<void> {
  const api = process.env.CORE_API_URL
    ? { url: process.env.CORE_API_URL, close: async () => undefined }
    : await startCoreApi({ env: readCoreApiEnv(benchCoreApiEnv('0')) });
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
    ...(process.env.USSD_RESUME_WINDOW_S ? { USSD_RESUME_WINDOW_S: process.env.USSD_RESUME_WINDOW_S } : {}),
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

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
