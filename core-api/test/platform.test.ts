import { startTestCoreApi, type TestCoreApi } from './harness';

let api: TestCoreApi;
beforeAll(async () => {
  api = await startTestCoreApi();
});
afterAll(async () => {
  await api.close();
});

describe('core-api platform routes', () => {
  it('answers /healthz and /readyz with the database checked', async () => {
    expect((await api.call('GET', '/healthz')).status).toBe(200);
    const ready = await api.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
  });

  it('serves an OpenAPI 3.1 document and a readable docs page', async () => {
    const doc = await api.call('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const page = await api.call('GET', '/api/v1/docs');
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await api.call('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('refuses a tampered bearer token with 401 and audits the refusal', async () => {
    const res = await api.call('GET', '/api/v1/openapi.json', { token: 'not.a.jwt' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const audit = await api.deps.db.query<{ action: string; outcome: string }>(
      "SELECT action, outcome FROM audit_log WHERE action = 'auth.token_refused'",
    );
    expect(audit.rows).toEqual([{ action: 'auth.token_refused', outcome: 'denied' }]);
  });

  it('answers malformed JSON with problem+json 400', async () => {
    const res = await api.call('POST', '/api/v1/anything', {
      body: '{"broken":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('exposes request latency by route on /metrics', async () => {
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('db_pool_connections');
  });
});
