import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { Logger } from '@medlink/platform/logger';
import { createTestDatabase } from '@medlink/platform/test-db';
import { createBuiltInHandler } from '../src/conversations/built-in-handler';
import type { ConversationHandler } from '../src/conversations/conversation-handler';
import { readGatewayEnv } from '../src/env';
import type { Publish } from '../src/live/publish-message-status';
import { startGateway, type StartedGateway } from '../src/start';

export const TEST_SECRETS = {
  PUBLIC_BASE_URL: 'https://medlink.example.org',
  TWILIO_AUTH_TOKEN: 'twilio-test-auth-token',
  META_APP_SECRET: 'meta-test-app-secret',
  META_VERIFY_TOKEN: 'meta-test-verify-token',
  AT_WEBHOOK_TOKEN: 'at-test-token',
} as const;

export interface TestGateway extends StartedGateway {
  /** A plain SQL client on the test database, for assertions. */
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  postTwilio(
    path: string,
    params: Record<string, string>,
    options?: { signature?: string | null },
  ): Promise<TestResponse>;
  postMeta(body: unknown, options?: { signature?: string | null; raw?: string }): Promise<TestResponse>;
  postAfricasTalking(
    path: string,
    params: Record<string, string>,
    options?: { token?: string | null },
  ): Promise<TestResponse>;
  get(path: string): Promise<TestResponse>;
  /** An outbound row as the send worker leaves it after the provider accepted it. */
  insertSentMessage(
    channel: string,
    contact: string,
    providerMessageId: string | null,
    status?: string,
  ): Promise<string>;
  /** Waits until no inbound row is left unprocessed (the conversation step is asynchronous). */
  settle(): Promise<void>;
}

export interface TestResponse {
  status: number;
  contentType: string;
  text: string;
}

/** The gateway on a fresh real PostgreSQL database, a random port, every provider secret set. */
export async function startTestGateway(
  options: {
    env?: Record<string, string>;
    handler?: ConversationHandler;
    keyPrefix?: string;
    logger?: Logger;
    publish?: Publish;
  } = {},
): Promise<TestGateway> {
  const database = await createTestDatabase();
  const env = readGatewayEnv({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    ...TEST_SECRETS,
    ...options.env,
  });
  const gateway = await startGateway({
    env,
    handler: options.handler ?? createBuiltInHandler(),
    keyPrefix: options.keyPrefix,
    logger: options.logger,
    publish: options.publish,
    sweepIntervalMs: 60_000,
  });
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const call = async (path: string, init: RequestInit): Promise<TestResponse> => {
    const response = await fetch(gateway.url + path, init);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  return {
    ...gateway,
    async sql(text, params) {
      // USSD hops are logged behind their answers: a test reads the log once it is written.
      await gateway.deps.ussd.hopLog.drain();
      return (await client.query(text, params)).rows;
    },
    postTwilio(path, params, opts = {}) {
      const signature =
        opts.signature === undefined
          ? getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN ?? '', TEST_SECRETS.PUBLIC_BASE_URL + path, params)
          : opts.signature;
      return call(path, {
        method: 'POST',
        headers: { ...form, ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
        body: new URLSearchParams(params).toString(),
      });
    },
    postMeta(body, opts = {}) {
      const raw = opts.raw ?? JSON.stringify(body);
      const signature =
        opts.signature === undefined
          ? `sha256=${createHmac('sha256', env.META_APP_SECRET ?? '')
              .update(raw)
              .digest('hex')}`
          : opts.signature;
      return call('/webhooks/meta/whatsapp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
        },
        body: raw,
      });
    },
    postAfricasTalking(path, params, opts = {}) {
      const token = opts.token === undefined ? env.AT_WEBHOOK_TOKEN : opts.token;
      const url = token === null || token === undefined ? path : `${path}?token=${encodeURIComponent(token)}`;
      return call(url, { method: 'POST', headers: form, body: new URLSearchParams(params).toString() });
    },
    get: (path) => call(path, { method: 'GET' }),
    async insertSentMessage(channel, contact, providerMessageId, status = 'sent') {
      const result = await client.query(
        `INSERT INTO messages (direction, channel, contact_address, provider_message_id, body, status, idempotency_key)
         VALUES ('out', $1, $2, $3, 'Rappel: rendez-vous demain', $4, gen_random_uuid()::text) RETURNING id`,
        [channel, contact, providerMessageId, status],
      );
      return result.rows[0].id;
    },
    async settle() {
      // Bounded by time, not passes: a benchmark's backlog of thousands takes longer than a test's few rows.
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        await gateway.deps.inbox.onIdle();
        const left = await client.query(
          `SELECT count(*)::int AS n FROM messages WHERE direction = 'in' AND processed_at IS NULL`,
        );
        if (left.rows[0].n === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('inbound messages were not processed');
    },
    async close() {
      await client.end();
      await gateway.close();
      await database.drop();
    },
  };
}

/** A fixture file's JSON as flat string form fields (Twilio, Africa's Talking). */
export function asForm(fixture: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (fixture && typeof fixture === 'object')
    for (const [key, value] of Object.entries(fixture)) fields[key] = String(value);
  return fields;
}
