import type { Db } from '@medlink/platform/db';
import { openMigratedTestDb } from '../../test/migrated-test-db';
import type { InboundMessage } from '../channels/types';
import { createInboundInserter } from './insert-inbound-batch';

let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  ({ db, close: closeDb } = await openMigratedTestDb());
});
afterAll(() => closeDb());

const sms = (providerMessageId: string, text = 'Bonjour'): InboundMessage => ({
  kind: 'message',
  channel: 'africastalking-sms',
  contactAddress: '+254700000123',
  providerMessageId,
  text,
  receivedAt: new Date('2026-11-26T10:00:00Z'),
});

describe('storing inbound messages with group commit', () => {
  it('stores 300 concurrent webhooks, each answered with its own row id', async () => {
    const insert = createInboundInserter(db);
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        insert({ message: sms(`batch-${n}`, `message ${n}`), identityKind: 'phone' }),
      ),
    );
    expect(new Set(ids).size).toBe(300);
    const rows = await db.query<{ id: string; body: string; provider_message_id: string }>(
      `SELECT id, body, provider_message_id FROM messages WHERE provider_message_id LIKE 'batch-%'`,
    );
    expect(rows.rowCount).toBe(300);
    for (const row of rows.rows) expect(row.body).toBe(`message ${row.provider_message_id.slice('batch-'.length)}`);
  });

  it('stores a text with a NUL byte (which PostgreSQL cannot hold) without it, in the same batch as the others', async () => {
    const insert = createInboundInserter(db);
    const ids = await Promise.all(
      ['nul-a', 'nul-b', 'nul-c'].map((id) =>
        insert({
          message: { ...sms(id, id === 'nul-b' ? 'a\u0000b' : 'fine'), replyId: 'x\u0000' },
          identityKind: 'phone',
        }),
      ),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const rows = await db.query<{ provider_message_id: string; body: string; reply: string }>(
      `SELECT provider_message_id, body, content->>'replyId' AS reply FROM messages WHERE provider_message_id LIKE 'nul-%' ORDER BY 1`,
    );
    expect(rows.rows).toEqual([
      { provider_message_id: 'nul-a', body: 'fine', reply: 'x' },
      { provider_message_id: 'nul-b', body: 'ab', reply: 'x' },
      { provider_message_id: 'nul-c', body: 'fine', reply: 'x' },
    ]);
  });

  it('when the same delivery arrives twice at once, stores one row and answers the second as a duplicate', async () => {
    const insert = createInboundInserter(db);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => insert({ message: sms('same-id'), identityKind: 'phone' })),
    );
    expect(answers.filter((id) => id !== undefined)).toHaveLength(1);
    const rows = await db.query(`SELECT 1 FROM messages WHERE provider_message_id = 'same-id'`);
    expect(rows.rowCount).toBe(1);
    expect(await insert({ message: sms('same-id'), identityKind: 'phone' })).toBeUndefined();
  });
});
