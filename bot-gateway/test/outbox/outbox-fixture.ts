import { randomBytes } from 'node:crypto';
import type { Db } from '@medlink/platform/db';
import { readGatewayEnv, type GatewayEnv } from '../../src/env';
import { openMigratedTestDb } from '../migrated-test-db';
import { gatewayEnvFor } from '../simulator/test-simulator';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A migrated database with room for the outbox workers' concurrent claims. */
export const openTestDb = () => openMigratedTestDb({ poolSize: 20 });

export function testGatewayEnv(simulatorUrl: string, overrides: Record<string, string> = {}): GatewayEnv {
  return readGatewayEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEND_RATE_PER_SENDER: '0',
    SEND_TIMEOUT_MS: '5000',
    SEND_LEASE_MS: '10000',
    SEND_BACKOFF_BASE_MS: '20',
    SEND_BACKOFF_MAX_MS: '100',
    ...gatewayEnvFor(simulatorUrl),
    ...overrides,
  });
}

export function uniquePrefix(): string {
  return `medlink-test-${randomBytes(5).toString('hex')}`;
}

/** Outbox rows as a flow step or a practitioner reply would write them. */
export async function queueMessages(
  db: Db,
  count: number,
  options: { channel?: string; to?: (i: number) => string; body?: (i: number) => string; content?: unknown } = {},
): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO messages (direction, channel, contact_address, body, content, status, idempotency_key, next_attempt_at)
     SELECT 'out', $1, ($2::text[])[i], ($3::text[])[i], $4::jsonb, 'queued', 'test:' || gen_random_uuid()::text, now()
     FROM generate_series(1, $5) AS i
     RETURNING id`,
    [
      options.channel ?? 'twilio-sms',
      Array.from({ length: count }, (_, i) =>
        options.to ? options.to(i) : `+2547${String(10_000_000 + i).slice(-8)}`,
      ),
      Array.from({ length: count }, (_, i) => (options.body ? options.body(i) : `Message ${i + 1} é`)),
      JSON.stringify(options.content ?? {}),
      count,
    ],
  );
  return result.rows.map((row) => row.id);
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const result = await db.query<{ status: string; count: string }>(
    `SELECT status, count(*)::text AS count FROM messages GROUP BY status`,
  );
  return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.count)]));
}

/** Polls until `check` returns true; fails with `what` after `timeoutMs` (a deadline, not a speed assertion). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
