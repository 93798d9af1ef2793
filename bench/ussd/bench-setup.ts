import { Client } from 'pg';
import { readCoreApiEnv } from '@medlink/core-api/env';
import { startCoreApi } from '@medlink/core-api/start';
import { createCoreApiClient, expectOk } from '../../bot-gateway/src/actions/core-api-client';
import { z } from 'zod';

export const BENCH_DB = 'medlink_bench_ussd';
export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${BENCH_DB}`);
export const CLIENT_SECRET = 'bench-gateway-client-secret-0123456789';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh database with the demo facilities and practitioners, and `count` patients who chose English and consented. */
export async function prepareBenchDatabase(count: number, dataDir: string): Promise<string[]> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  await admin.end();
  const api = await startCoreApi({
    env: readCoreApiEnv({
      NODE_ENV: 'test',
      API_PORT: '0',
      DATABASE_URL: BENCH_DATABASE_URL,
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
      DATA_ENCRYPTION_KEY: '22'.repeat(32),
      GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
      SEED_DEMO_DATA: 'true',
      DEMO_FACILITY_LIMIT: '400',
      LOG_LEVEL: 'silent',
    }),
  });
  const client = createCoreApiClient({ baseUrl: api.url, clientId: 'bot-gateway', clientSecret: CLIENT_SECRET });
  const phones = Array.from({ length: count }, (_, index) => `+25472${String(index).padStart(7, '0')}`);
  for (const phone of phones) {
    const patient = expectOk(
      await client.request('POST', '/patients/resolve', {
        body: { identity: { kind: 'phone', address: phone }, channel: 'africastalking-ussd', language: 'en' },
      }),
      z.object({ id: z.string() }),
    );
    expectOk(
      await client.request('POST', `/patients/${patient.id}/consent`, {
        body: { version: '2026-11', channel: 'africastalking-ussd' },
      }),
      z.unknown(),
    );
  }
  await api.close();
  // A database in service has planner statistics; this one was created a moment ago, before autovacuum ran.
  const bench = new Client({ connectionString: BENCH_DATABASE_URL });
  await bench.connect();
  await bench.query('ANALYZE');
  await bench.end();
  return phones;
}
