import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '@medlink/platform/db';
import { connectRedis, type Redis } from '@medlink/platform/redis';
import { createTestDatabase } from '@medlink/platform/test-db';
import { ManagedProcess } from './managed-process';
import { renderNginxConfig } from './nginx-config';

export const NGINX_BINARY = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';
const REDIS_BASE_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Redis databases the rig may take (others' tests use 0); one rig per database, held by a lock key. */
const REDIS_DBS = [14, 13, 12, 11];
const LOCK_KEY = 'medlink:chaos:lock';

export interface RigSecrets {
  atWebhookToken: string;
  ussdCode: string;
  gatewayClientSecret: string;
  adminEmail: string;
  adminPassword: string;
}

export interface Rig {
  root: string;
  workDir: string;
  nginxUrl: string;
  /** nginx's internal entry to core-api, as the services use it. */
  internalUrl: string;
  simulatorUrl: string;
  coreApiUrls: string[];
  redisUrl: string;
  redis: Redis;
  db: Db;
  secrets: RigSecrets;
  coreApis: ManagedProcess[];
  gateways: ManagedProcess[];
  workers: ManagedProcess[];
  simulator: ManagedProcess;
  /** The back office's Socket.IO layer, one process per port (see socket-host-main.ts). */
  socketHostUrls: string[];
  /** The upstream address nginx reports (`127.0.0.1:port`) → instance name. */
  instanceOf: (upstream: string) => string;
  close: () => Promise<void>;
}

/**
 * nginx in front of 2 core-api, 2 bot-gateway (no in-process sender) and 2 send workers, each its own
 * process started from its main.ts, on a fresh PostgreSQL database and a flushed Redis database, plus the
 * provider simulator. Everything listens on 127.0.0.1.
 */
export async function startRig(options: {
  root: string;
  log: (line: string) => void;
  workerConcurrency: number;
  shedInboxLoad: boolean;
}): Promise<Rig> {
  if (!existsSync(NGINX_BINARY))
    throw new Error(`nginx not found at ${NGINX_BINARY} (apt-get install -y nginx-light, or set NGINX_BINARY)`);
  const { root, log } = options;
  const workDir = await mkdtemp(path.join(tmpdir(), 'medlink-chaos-'));
  log(`work dir ${workDir} (process logs, nginx config and logs)`);
  const database = await createTestDatabase();
  const { redis, redisUrl } = await takeRedisDatabase();
  const ports = {
    nginx: await freePort(),
    nginxInternal: await freePort(),
    simulator: await freePort(),
    coreApi: [await freePort(), await freePort()],
    gateway: [await freePort(), await freePort()],
    backoffice: [await freePort(), await freePort()],
  };
  const nginxUrl = `http://127.0.0.1:${ports.nginx}`;
  const internalUrl = `http://127.0.0.1:${ports.nginxInternal}`;
  const simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
  const secrets: RigSecrets = {
    atWebhookToken: hex(16),
    ussdCode: '*384*123#',
    gatewayClientSecret: hex(24),
    adminEmail: 'chaos-admin@medlink.test',
    adminPassword: `Chaos-${hex(12)}`,
  };
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    TZ: 'UTC',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    DATA_DIR: path.join(workDir, 'data'),
    JWT_SECRET: hex(32),
    DATA_ENCRYPTION_KEY: hex(32),
    GATEWAY_CLIENT_ID: 'bot-gateway',
    GATEWAY_CLIENT_SECRET: secrets.gatewayClientSecret,
    BOOTSTRAP_ADMIN_EMAIL: secrets.adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
    SEED_DEMO_DATA: 'false',
    PUBLIC_BASE_URL: nginxUrl,
    CORE_API_URL: internalUrl,
    TWILIO_ACCOUNT_SID: `AC${hex(16)}`,
    TWILIO_AUTH_TOKEN: hex(16),
    TWILIO_SMS_FROM: '+15005550006',
    TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    TWILIO_API_BASE: simulatorUrl,
    AT_USERNAME: 'sandbox',
    AT_API_KEY: hex(16),
    AT_SMS_FROM: '12345',
    AT_USSD_CODE: secrets.ussdCode,
    AT_WEBHOOK_TOKEN: secrets.atWebhookToken,
    AT_API_BASE: simulatorUrl,
    META_APP_SECRET: hex(16),
    META_VERIFY_TOKEN: hex(8),
    META_ACCESS_TOKEN: hex(16),
    META_PHONE_NUMBER_ID: '100000000000001',
    META_GRAPH_BASE: simulatorUrl,
    // No per-sender cap (it would measure the cap, not the system); short lease so a killed worker's rows return soon.
    SEND_RATE_PER_SENDER: '0',
    SEND_TIMEOUT_MS: '3000',
    SEND_LEASE_MS: '5000',
    SEND_BACKOFF_BASE_MS: '250',
    SEND_BACKOFF_MAX_MS: '2000',
  };
  const logDir = workDir;
  const service = (name: string, entry: string, env: Record<string, string>, healthUrl?: string) =>
    new ManagedProcess({
      name,
      args: ['--import', 'tsx', entry],
      cwd: root,
      env: { ...common, ...env },
      logDir,
      healthUrl,
    });

  const coreApis = ports.coreApi.map((port, i) =>
    service(`core-api-${i + 1}`, 'core-api/src/main.ts', { API_PORT: String(port) }, `http://127.0.0.1:${port}/readyz`),
  );
  const gateways = ports.gateway.map(
    (port, i) =>
      new ManagedProcess({
        name: `bot-gateway-${i + 1}`,
        args: ['--import', 'tsx', 'bot-gateway/src/main.ts'],
        cwd: root,
        env: {
          ...common,
          GATEWAY_PORT: String(port),
          RUN_WORKER: 'false',
          SHED_INBOX_LOAD: String(options.shedInboxLoad),
        },
        logDir,
        healthUrl: `http://127.0.0.1:${port}/readyz`,
      }),
  );
  const workers = [1, 2].map((i) =>
    service(`worker-${i}`, 'bot-gateway/src/outbox/worker-main.ts', {
      WORKER_CONCURRENCY: String(options.workerConcurrency),
    }),
  );
  const simulator = service(
    'simulator',
    'bot-gateway/src/simulator/main.ts',
    { SIMULATOR_PORT: String(ports.simulator), GATEWAY_PORT: String(ports.nginx) },
    `${simulatorUrl}/api/stats`,
  );

  const socketHosts = ports.backoffice.map(
    (port, i) =>
      new ManagedProcess({
        name: `socket-host-${i + 1}`,
        args: ['--import', 'tsx', 'infra/chaos/socket-host-main.ts', String(port), redisUrl, internalUrl],
        cwd: root,
        env: { NODE_ENV: 'production', TZ: 'UTC' },
        logDir,
        healthUrl: `http://127.0.0.1:${port}/healthz`,
      }),
  );
  const nginxConfig = path.join(workDir, 'nginx.conf');
  await writeFile(
    nginxConfig,
    renderNginxConfig({
      ports: {
        listen: ports.nginx,
        internal: ports.nginxInternal,
        coreApi: ports.coreApi,
        gateway: ports.gateway,
        backoffice: ports.backoffice,
      },
      workDir,
      routesFile: path.join(root, 'infra', 'nginx', 'medlink-routes.conf'),
    }),
  );
  await mkdir(path.join(workDir, 'data'), { recursive: true });
  let nginx: ChildProcess | undefined;
  const db = await openDb({ databaseUrl: database.url, poolSize: 4 });

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= closeAll());
  const closeAll = async () => {
    for (const each of [...workers, ...gateways, simulator, ...socketHosts, ...coreApis])
      await each.stop().catch(() => undefined);
    if (nginx?.pid && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      process.kill(nginx.pid, 'SIGQUIT');
      await exited;
    }
    for (const each of [...workers, ...gateways, simulator, ...socketHosts, ...coreApis]) each.closeLog();
    await db.close();
    await redis.flushdb().catch(() => undefined);
    redis.disconnect();
    await database.drop().catch((error: unknown) => log(`could not drop the test database: ${String(error)}`));
  };

  try {
    const started = Date.now();
    // The first instance applies the migrations; the others then find them applied.
    await coreApis[0]?.start();
    await Promise.all([coreApis[1]?.start(), ...gateways.map((g) => g.start()), ...workers.map((w) => w.start())]);
    nginx = spawn(NGINX_BINARY, ['-p', workDir, '-c', nginxConfig, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    nginx.stderr?.on('data', (chunk: Buffer) => log(`nginx: ${chunk.toString().trim()}`));
    await waitFor(
      async () => (await fetch(`${nginxUrl}/webhooks/meta/whatsapp`).catch(() => undefined))?.status === 403,
      15_000,
      'nginx in front of the gateways',
    );
    await Promise.all([simulator.start(), ...socketHosts.map((host) => host.start())]);
    log(
      `rig up in ${((Date.now() - started) / 1000).toFixed(1)} s: nginx ${nginxUrl}, simulator ${simulatorUrl}, redis ${redisUrl}`,
    );
  } catch (error) {
    await close();
    throw error;
  }

  const names = new Map<string, string>();
  ports.coreApi.forEach((port, i) => names.set(`127.0.0.1:${port}`, `core-api-${i + 1}`));
  ports.gateway.forEach((port, i) => names.set(`127.0.0.1:${port}`, `bot-gateway-${i + 1}`));
  return {
    root,
    workDir,
    nginxUrl,
    internalUrl,
    simulatorUrl,
    coreApiUrls: ports.coreApi.map((port) => `http://127.0.0.1:${port}`),
    redisUrl,
    redis,
    db,
    secrets,
    coreApis,
    gateways,
    workers,
    simulator,
    socketHostUrls: ports.backoffice.map((port) => `http://127.0.0.1:${port}`),
    // nginx lists every upstream tried ("a:1, b:2"): the last one answered.
    instanceOf: (upstream) => names.get(upstream.split(',').at(-1)?.trim() ?? '') ?? (upstream || 'none'),
    close,
  };
}

async function takeRedisDatabase(): Promise<{ redis: Redis; redisUrl: string }> {
  for (const dbIndex of REDIS_DBS) {
    const redisUrl = `${REDIS_BASE_URL.replace(/\/\d+$/, '')}/${dbIndex}`;
    const redis = connectRedis(redisUrl, () => undefined);
    const owner = `${process.pid}:${hex(4)}`;
    if ((await redis.set(LOCK_KEY, owner, 'EX', 900, 'NX')) === 'OK') {
      await redis.flushdb();
      await redis.set(LOCK_KEY, owner, 'EX', 900);
      return { redis, redisUrl };
    }
    redis.disconnect();
  }
  throw new Error(`every chaos Redis database (${REDIS_DBS.join(', ')}) is taken by another run`);
}

export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
