import type { Db } from '@medlink/platform/db';
import { openMigratedTestDb } from '../../test/migrated-test-db';
import { createUssdHopLog, findUssdHopScreens, USSD_HOP_SCREENS_SQL } from './ussd-hops.repository';

let db: Db;
let closeDb: () => Promise<void>;

beforeAll(async () => {
  ({ db, close: closeDb } = await openMigratedTestDb());
  // Statistics as they are right after a burst: the table grew by 20,000 hops since it was last analysed.
  await db.query('ALTER TABLE messages SET (autovacuum_enabled = false)');
  await db.query('ANALYZE messages');
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, provider_message_id, body, content, status, processed_at)
     SELECT 'in', 'africastalking-ussd', '+2547' || lpad(n::text, 8, '0'), 'ATUid_' || (n / 4) || ':' || (n % 4),
            '1', jsonb_build_object('screen', 'CON screen ' || n), 'received', now()
       FROM generate_series(1, 20000) AS n`,
  );
});
afterAll(() => closeDb());

interface PlanNode {
  'Rows Removed by Filter'?: number;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('finding logged USSD hops (dials after a Redis restart)', () => {
  it('finds the screens of the hops asked for, and only those', async () => {
    const screens = await findUssdHopScreens(db, ['ATUid_100:1', 'ATUid_100:2', 'ATUid_none:0']);
    expect(screens).toEqual(
      new Map([
        ['ATUid_100:1', 'CON screen 401'],
        ['ATUid_100:2', 'CON screen 402'],
      ]),
    );
  });

  it('reads the hops by their id from the index, not every hop of the channel, when statistics are stale', async () => {
    const explained = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${USSD_HOP_SCREENS_SQL}`,
      [['ATUid_100:1', 'ATUid_100:2']],
    );
    const nodes = nodesOf(explained.rows[0]!['QUERY PLAN'][0].Plan);
    expect(nodes.some((node) => node['Index Cond']?.includes('provider_message_id'))).toBe(true);
    for (const node of nodes) expect(node['Rows Removed by Filter'] ?? 0).toBeLessThan(10);
  });

  it('logs a hop whose input carries a NUL byte without it, and the hops after it too', async () => {
    const log = createUssdHopLog(db, { gatherMs: 0 });
    const hop = (step: number, text: string) => ({
      kind: 'message' as const,
      channel: 'africastalking-ussd' as const,
      contactAddress: '+254799000001',
      providerMessageId: `ATUid_nul:${step}`,
      text,
      receivedAt: new Date(),
      ussd: { sessionId: 'ATUid_nul', serviceCode: '*384*123#\u0000', inputs: [] },
    });
    await log.append(hop(1, '1\u0000'), 'CON One');
    await log.append(hop(2, '2'), 'CON Two');
    await log.close(5_000);
    const rows = await db.query<{ body: string; service: string }>(
      `SELECT body, content->>'serviceCode' AS service FROM messages WHERE provider_message_id LIKE 'ATUid_nul:%' ORDER BY provider_message_id`,
    );
    expect(rows.rows).toEqual([
      { body: '1', service: '*384*123#' },
      { body: '2', service: '*384*123#' },
    ]);
  });
});
