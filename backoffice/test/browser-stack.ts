import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLiveEventBus, type LiveEventBus, type LiveEventInput } from '@medlink/platform/live-events';
import { createLogger } from '@medlink/platform/logger';
import { connectRedis, type Redis } from '@medlink/platform/redis';
import { startTestCoreApi, type TestCoreApi } from '../../core-api/test/harness';
import { PASSWORD } from './seed-backoffice';

const ROOT = path.join(__dirname, '..', '..');
/** The gateway signs in at core-api with it (OAuth2 client credentials) to run the patients' flows. */
const GATEWAY_CLIENT_SECRET = 'backoffice-browser-gateway-secret-0123456789';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface GatewayParts {
  url: string;
  simulatorUrl: string;
  close: () => Promise<void>;
}

export interface BrowserStack {
  api: TestCoreApi;
  bus: LiveEventBus;
  /** Where the back office listens for the bus, to start more instances on it (benchmarks). */
  live: { redisUrl: string; channel: string };
  backoffice: { url: string; close: () => Promise<void> };
  browser: Browser;
  /** Undefined when the bot-gateway could not start (the suite then stands in for it, as documented). */
  gateway?: GatewayParts;
  signIn(
    email: string,
    options?: { width?: number; lang?: 'fr' | 'en' },
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * core-api on real PostgreSQL publishing on the live bus (Redis pub/sub plus its log), the gateway and
 * simulator, the back office as its own process (`backoffice/server.ts`, as deployed) and Chromium.
 */
export async function startBrowserStack(options: { withGateway?: boolean } = {}): Promise<BrowserStack> {
  // core-api must exist before the bus can write to its database; events before that have no reader anyway.
  const late: { bus?: LiveEventBus } = {};
  const api = await startTestCoreApi(
    { LOGIN_RATE_LIMIT_PER_15_MIN: '1000', FILE_LINK_TTL_S: '60', GATEWAY_CLIENT_SECRET },
    { publish: (event) => void late.bus?.publish(event).catch(() => undefined) },
  );
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const channel = `test:live:${randomBytes(4).toString('hex')}`;
  const redis: Redis = connectRedis(redisUrl, () => undefined);
  const bus = createLiveEventBus({ db: api.deps.db, redis, channel, pruneIntervalMs: 0 });
  late.bus = bus;
  const liveBus = bus;
  const gateway = options.withGateway
    ? await startGatewayParts(
        api.deps.env.DATABASE_URL ?? '',
        api.url,
        (event) => void bus.publish(event).catch(() => undefined),
      ).catch((error: unknown) => {
        console.warn(
          `the bot-gateway did not start, the suite stands in for it: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      })
    : undefined;
  const backoffice = await spawnBackoffice({
    CORE_API_URL: api.url,
    REDIS_URL: redisUrl,
    LIVE_EVENTS_CHANNEL: channel,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    api,
    bus: liveBus,
    live: { redisUrl, channel },
    backoffice,
    browser,
    gateway,
    async signIn(email, signInOptions = {}) {
      const width = signInOptions.width ?? 1280;
      const context = await browser.newContext({
        baseURL: backoffice.url,
        viewport: { width, height: width < 600 ? 780 : 900 },
        locale: 'en-GB',
        timezoneId: 'UTC',
      });
      await context.addCookies([{ name: 'ml_lang', value: signInOptions.lang ?? 'en', url: backoffice.url }]);
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel(/^(Email|Adresse e-mail)$/).fill(email);
      await page.getByLabel(/^(Password|Mot de passe)$/).fill(PASSWORD);
      await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
      await page.waitForURL('**/inbox');
      return { context, page };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await backoffice.close();
      await gateway?.close();
      await liveBus.close();
      redis.disconnect();
      await api.close();
    },
  };
}

/**
 * The real bot-gateway (with its send worker) and the provider simulator, wired to each other; the gateway runs
 * the patients' flows against core-api with its own client credentials.
 */
async function startGatewayParts(
  databaseUrl: string,
  coreApiUrl: string,
  publish: (event: LiveEventInput) => void,
): Promise<GatewayParts> {
  const { startGateway } = await import('../../bot-gateway/src/start');
  const { readGatewayEnv } = await import('../../bot-gateway/src/env');
  const { startSimulator } = await import('../../bot-gateway/src/simulator/start-simulator');
  const { TEST_SECRETS, gatewayEnvFor } = await import('../../bot-gateway/test/simulator/test-simulator');
  const gatewayPort = await freePort();
  // BROWSER_STACK_GATEWAY_LOG=warn shows why a flow failed (silent otherwise).
  const silent = createLogger({ service: 'gateway', level: gatewayLogLevel(process.env.BROWSER_STACK_GATEWAY_LOG) });
  const simulator = await startSimulator({
    port: 0,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    secrets: TEST_SECRETS,
    logger: silent,
    statusCallbacks: { mode: 'in-order', delayMs: 50 },
  });
  const env = readGatewayEnv({
    NODE_ENV: 'test',
    GATEWAY_PORT: String(gatewayPort),
    DATABASE_URL: databaseUrl,
    CORE_API_URL: coreApiUrl,
    GATEWAY_CLIENT_SECRET,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'true',
    SEND_RATE_PER_SENDER: '0',
    ...gatewayEnvFor(simulator.url),
  });
  const gateway = await startGateway({
    env,
    logger: silent,
    keyPrefix: `bo-test-${gatewayPort}`,
    sweepIntervalMs: 60_000,
    publish,
  });
  return {
    url: gateway.url,
    simulatorUrl: simulator.url,
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}

/** `backoffice/server.ts` in a child process; resolves once /healthz answers. */
export async function spawnBackoffice(
  env: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'backoffice', 'server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      BACKOFFICE_PORT: String(port),
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the back office exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 300) throw new Error('the back office did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function gatewayLogLevel(value: string | undefined): 'silent' | 'warn' | 'info' | 'debug' {
  return value === 'warn' || value === 'info' || value === 'debug' ? value : 'silent';
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
