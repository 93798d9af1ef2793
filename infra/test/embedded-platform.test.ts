import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../bot-gateway/test/simulator-harness';
import { fetchReceived, waitUntil } from '../../bot-gateway/test/simulator/test-simulator';

/**
 * `npm start` as a new user runs it: the whole platform in one process on the embedded defaults (PGlite,
 * in-process queues and sessions, no DATABASE_URL nor REDIS_URL), with its demo data. Every other journey
 * test runs on PostgreSQL and Redis, and a booking was refused on the embedded database alone (a SELECT's
 * row count read as 0 there): this plays the main USSD and SMS journeys against the real start script.
 */
const root = path.join(__dirname, '..', '..');
let platform: ChildProcess | undefined;
let dataDir = '';
let ports: { api: number; gateway: number; backoffice: number; simulator: number };
let output = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'medlink-embedded-'));
  ports = {
    api: await freePort(),
    gateway: await freePort(),
    backoffice: await freePort(),
    simulator: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    GATEWAY_PORT: String(ports.gateway),
    BACKOFFICE_PORT: String(ports.backoffice),
    SIMULATOR_PORT: String(ports.simulator),
    // The back office is not played here: its dev server starts without a production build.
    NEXT_DEV: 'true',
    DEMO_FACILITY_LIMIT: '400',
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'PUBLIC_BASE_URL', 'CORE_API_URL']) delete env[name];
  platform = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-all.ts'], { cwd: root, env });
  platform.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  platform.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForHealth(`http://127.0.0.1:${ports.gateway}/healthz`, 150_000);
  await waitForHealth(`http://127.0.0.1:${ports.simulator}/healthz`, 30_000);
}, 200_000);

afterAll(async () => {
  if (platform && platform.exitCode === null) {
    platform.kill('SIGTERM');
    await new Promise((resolve) => platform?.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** Until `url` answers 2xx; fails at once, with what the platform printed, if it stopped instead. */
async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (platform?.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer:\n${output}`);
}

/** One USSD session through the Africa's Talking webhook, with the demo token `npm start` wrote. */
function ussd(phone: string) {
  const token = readFileSync(path.join(dataDir, 'secrets', 'demo_at_webhook_token'), 'utf8').trim();
  const sessionId = `embedded-${phone}-${Date.now()}`;
  const inputs: string[] = [];
  return async (input?: string): Promise<string> => {
    if (input !== undefined) inputs.push(input);
    const form = new URLSearchParams({
      sessionId,
      serviceCode: '*384*123#',
      phoneNumber: phone,
      text: inputs.join('*'),
    });
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/webhooks/africastalking/ussd?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(response.status).toBe(200);
    return response.text();
  };
}

async function firstContact(phone: string) {
  const press = ussd(phone);
  expect(await press()).toContain('1. Français');
  expect(await press('2')).toContain('Agree?');
  expect(await press('1')).toContain('Book a consultation');
  return press;
}

describe('npm start on the embedded defaults', () => {
  test('USSD: first contact, then a booking confirmed where it was shown, then found in my appointments', async () => {
    const phone = '+254722900001';
    const press = await firstContact(phone);
    expect(await press('2')).toContain('What kind of care');
    const practitioners = await press('1');
    const place = /^1\. [^,]+, (.+)$/m.exec(practitioners)?.[1] ?? '';
    expect(place).not.toBe('');
    const slots = await press('1');
    expect(slots).toContain('Choose a time');
    expect(await press('1')).toContain(`, ${place}, on `);
    const booked = await press('1');
    expect(booked).toMatch(/^END Booked: /);
    const reference = /Ref (ML-[0-9A-F]+)/.exec(booked)?.[1] ?? '';
    expect(reference).not.toBe('');

    const again = ussd(phone);
    expect(await again()).toContain('My appointments');
    expect(await again('5')).toContain('Your appointments');
    expect(await again('1')).toContain(`${place}. Ref ${reference}.`);
  });

  test('USSD: triage to an emergency says what to do now and the emergency number (no position known: no facility named)', async () => {
    const press = await firstContact('+254722900002');
    expect(await press('1')).toContain('How old');
    expect(await press('4')).toContain('female or male');
    expect(await press('2')).toContain('?');
    expect(await press('1')).toMatch(/^END EMERGENCY: go to the nearest hospital now, or call 999\.\nHotline: 112\n/);
  });

  test('SMS through the simulator: the reply comes back through the in-process outbox', async () => {
    const phone = '+254722900003';
    const inbound = await fetch(`http://127.0.0.1:${ports.simulator}/api/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'africastalking-sms', from: phone, text: 'Hello' }),
    });
    expect(inbound.ok).toBe(true);
    const simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
    const received = () => fetchReceived(simulatorUrl, { to: phone, channel: 'africastalking-sms' });
    await waitUntil(async () => (await received()).length > 0);
    expect((await received())[0]?.text).toContain('Choose your language');
  });
});
