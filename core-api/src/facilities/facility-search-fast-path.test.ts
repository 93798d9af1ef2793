import { randomUUID } from 'node:crypto';
import { FIXTURE_FACILITY_FILE, loadFacilities } from '../seed/load-facilities';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

let api: TestCoreApi;
const DAKAR = 'lat=14.6937&lon=-17.4441';

beforeAll(async () => {
  api = await startTestCoreApi();
  await loadFacilities(api.deps.db, { file: FIXTURE_FACILITY_FILE, limit: 0 });
});
afterAll(async () => {
  await api.close();
});

/** A token sends the request through Express (the token must be checked); without one it takes the fast path. */
const viaExpress = () => ({ token: api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' }) });

describe('the facility search fast path', () => {
  it.each([`${DAKAR}&limit=5`, `${DAKAR}&service=maternity&openNow=true&limit=3`, 'q=hopital&limit=4'])(
    'answers %s exactly as the Express route, pages included',
    async (query) => {
      const fast = await api.call('GET', `/api/v1/facilities?${query}`);
      const express = await api.call('GET', `/api/v1/facilities?${query}`, viaExpress());
      expect(fast.status).toBe(200);
      expect(fast.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(fast.body).toEqual(express.body);
      if (fast.body.nextCursor) {
        const next = `/api/v1/facilities?${query}&cursor=${fast.body.nextCursor}`;
        expect((await api.call('GET', next)).body).toEqual((await api.call('GET', next, viaExpress())).body);
      }
    },
  );

  it('leaves what it does not serve to Express: refused queries, repeated parameters, a bad token', async () => {
    const lonely = await api.call('GET', '/api/v1/facilities?lat=14.7');
    expect(lonely.status).toBe(400);
    expect(lonely.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.call('GET', `/api/v1/facilities?${DAKAR}&limit=2&limit=3`)).status).toBe(400);
    expect((await api.call('GET', `/api/v1/facilities?${DAKAR}`, { token: 'not-a-token' })).status).toBe(401);
  });

  it('answers a forged cursor with the same problem as Express, and echoes a sane request id', async () => {
    const forged = `/api/v1/facilities?${DAKAR}&cursor=${Buffer.from('["x","y"]').toString('base64url')}`;
    const fast = await api.call('GET', forged, { headers: { 'x-request-id': 'req-fast-path-1' } });
    const express = await api.call('GET', forged, viaExpress());
    expect(fast.status).toBe(400);
    expect(fast.body).toEqual(express.body);
    expect(fast.headers.get('x-request-id')).toBe('req-fast-path-1');
  });

  it('is counted in the request metrics under its route', async () => {
    await api.call('GET', `/api/v1/facilities?${DAKAR}&limit=1`);
    const metrics = (await api.call('GET', '/metrics')).body as string;
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/facilities",status="200"\} [1-9]/,
    );
  });
});
