import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@medlink/platform/test-db';
import type { DomainEvent } from '../src/deps';
import { readCoreApiEnv } from '../src/env';
import { issueAccessToken } from '../src/shared/access-token';
import type { Principal } from '../src/shared/principal';
import { startCoreApi, type StartedCoreApi } from '../src/start';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface CallOptions {
  token?: string;
  /** JSON unless a string or bytes (sent as they are). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: ResponseBody;
}

export interface TestCoreApi extends StartedCoreApi {
  tokenFor(principal: Principal): string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
}

// Tests assert on response bodies field by field; typing each one would only restate the schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResponseBody = any;

/** The settings of a test core-api on `databaseUrl`: a random port, quiet, no demo data; `env` overrides. */
export function testCoreApiEnv(databaseUrl: string, dataDir: string, env: Record<string, string | undefined> = {}) {
  return readCoreApiEnv({
    NODE_ENV: 'test',
    API_PORT: '0',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_ENCRYPTION_KEY: '11'.repeat(32),
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** core-api on a fresh real PostgreSQL database and a random port. */
export async function startTestCoreApi(
  env: Record<string, string> = {},
  options: { publish?: (event: DomainEvent) => void } = {},
): Promise<TestCoreApi> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'medlink-test-'));
  const started = await startCoreApi({
    publish: options.publish,
    env: testCoreApiEnv(database.url, dataDir, env),
  });
  return {
    ...started,
    tokenFor: (principal) => issueAccessToken(principal, { secret: TEST_JWT_SECRET, ttlSeconds: 600 }),
    call: (method, urlPath, options) => callServer(started.url, method, urlPath, options),
    async close() {
      await started.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One request to a server under test; the body parsed when it is JSON. */
export async function callServer(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const response = await fetch(baseUrl + urlPath, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : options.body instanceof Uint8Array
            ? new Uint8Array(options.body) // a copy on its own ArrayBuffer, which is what fetch's types take
            : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}
