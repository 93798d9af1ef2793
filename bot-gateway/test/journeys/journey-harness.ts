import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Client } from 'pg';
import { startTestCoreApi, type TestCoreApi } from '../../../core-api/test/harness';
import { readGatewayEnv } from '../../src/env';
import { startGateway, type StartedGateway } from '../../src/start';
import type { StartedSimulator } from '../../src/simulator/start-simulator';
import { TEST_SECRETS } from '../gateway-harness';
import { freePort, startSimulatorFor } from '../simulator-harness';

/**
 * The whole platform for journeys: core-api (demo facilities and practitioners seeded) and the gateway
 * on one real PostgreSQL database, real Redis, the outbox worker sending to the provider simulator.
 */
const CLIENT_SECRET = 'journey-gateway-client-secret-0123456789';

export interface Journeys {
  api: TestCoreApi;
  gateway: StartedGateway;
  simulator: StartedSimulator;
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** A USSD session: each call is one hop; returns the `CON`/`END` screen. `dialled`: inputs in the code dialled. */
  ussd(phone: string, dialled?: string[]): (input?: string) => Promise<string>;
  /** Sends an inbound message through the simulator (signed webhook) and waits for the replies it caused. */
  send(
    channel: 'africastalking-sms' | 'twilio-sms' | 'twilio-whatsapp' | 'meta-whatsapp',
    from: string,
    message: { text?: string; replyId?: string },
  ): Promise<Received[]>;
  received(to: string, channel: string): Promise<Received[]>;
  /** Waits until the simulator holds at least `count` messages for `to` on `channel`. */
  waitForReceived(to: string, channel: string, count: number): Promise<Received[]>;
  close(): Promise<void>;
}

const receivedSchema = z.array(
  z.object({
    channel: z.string(),
    to: z.string(),
    text: z.string().nullable(),
    interactive: z.unknown().optional(),
    providerMessageId: z.string().optional(),
  }),
);
export type Received = z.infer<typeof receivedSchema>[number];

export async function startJourneys(): Promise<Journeys> {
  const api = await startTestCoreApi({
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    SEED_DEMO_DATA: 'true',
    DEMO_FACILITY_LIMIT: '400',
  });
  const { simulator, gatewayEnv } = await startSimulatorFor(await freePort());
  const databaseUrl = api.deps.env.DATABASE_URL ?? '';
  const env = readGatewayEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    OUTBOX_KEY_PREFIX: `journeys-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'true',
    CORE_API_URL: api.url,
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    ...TEST_SECRETS,
    ...gatewayEnv,
  });
  const gateway = await startGateway({ env, keyPrefix: env.OUTBOX_KEY_PREFIX, sweepIntervalMs: 60_000 });
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const received = async (to: string, channel: string) => {
    const response = await fetch(`${simulator.url}/api/received?to=${encodeURIComponent(to)}&channel=${channel}`);
    return receivedSchema.parse(await response.json());
  };
  const waitForReceived = async (to: string, channel: string, count: number) => {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const messages = await received(to, channel);
      if (messages.length >= count) return messages;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${channel} ${to}: expected ${count} messages, got ${(await received(to, channel)).length}`);
  };
  const settle = async () => {
    for (let pass = 0; pass < 400; pass += 1) {
      const left = await client.query(
        `SELECT count(*)::int AS n FROM messages WHERE direction = 'in' AND processed_at IS NULL`,
      );
      const queued = await client.query(
        `SELECT count(*)::int AS n FROM messages WHERE direction = 'out' AND status IN ('queued', 'sending')`,
      );
      if (left.rows[0].n === 0 && queued.rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the gateway did not settle');
  };
  return {
    api,
    gateway,
    simulator,
    async sql(text, params) {
      await gateway.deps.ussd.hopLog.drain();
      return (await client.query(text, params)).rows;
    },
    ussd(phone, dialled = []) {
      const sessionId = `ATUid_${randomUUID()}`;
      const inputs: string[] = [...dialled];
      return async (input) => {
        if (input !== undefined) inputs.push(input);
        const body = new URLSearchParams({
          sessionId,
          serviceCode: '*384*123#',
          phoneNumber: phone,
          networkCode: '63902',
          text: inputs.join('*'),
        });
        const response = await fetch(
          `${gateway.url}/webhooks/africastalking/ussd?token=${TEST_SECRETS.AT_WEBHOOK_TOKEN}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: body.toString(),
          },
        );
        return response.text();
      };
    },
    async send(channel, from, message) {
      const before = (await received(from, channel)).length;
      const response = await fetch(`${simulator.url}/api/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, from, ...message }),
      });
      if (!response.ok)
        throw new Error(`simulator refused the inbound message: ${response.status} ${await response.text()}`);
      await settle();
      return (await received(from, channel)).slice(before);
    },
    received,
    waitForReceived,
    async close() {
      await client.end();
      await gateway.close();
      await simulator.close();
      await api.close();
    },
  };
}
