import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import { FIXTURE_FACILITY_FILE } from './load-facilities';
import { DEMO_PUBLISHER, seedDemoData } from './seed-demo-data';

let api: TestCoreApi;
beforeAll(async () => {
  api = await startTestCoreApi({ FACILITY_DATA_FILE: FIXTURE_FACILITY_FILE, DEMO_FACILITY_LIMIT: '30' });
});
afterAll(async () => {
  await api.close();
});

describe('seedDemoData', () => {
  it('loads the demo subset once, with resources published by the system and on record in the history', async () => {
    await seedDemoData(api.deps);
    const facilities = await api.deps.db.query<{ n: number; phones: number }>(
      'SELECT count(*)::int AS n, count(phone)::int AS phones FROM facilities',
    );
    expect(facilities.rows).toEqual([{ n: 30, phones: 0 }]);
    const resources = await api.deps.db.query<{ updated_by_type: string; updated_by_id: string; n: number }>(
      'SELECT updated_by_type, updated_by_id, count(*)::int AS n FROM facility_resources GROUP BY 1, 2',
    );
    expect(resources.rows).toEqual([
      { updated_by_type: 'system', updated_by_id: DEMO_PUBLISHER, n: expect.any(Number) },
    ]);
    const history = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facility_resource_history');
    expect(history.rows[0]?.n).toBe(resources.rows[0]?.n);

    await seedDemoData(api.deps);
    const again = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facilities');
    expect(again.rows).toEqual([{ n: 30 }]);
  });
});
