import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createLogger } from '@medlink/platform/logger';
import { Registry } from 'prom-client';
import { callServer, startTestCoreApi, type CallOptions, type TestCoreApi } from '../../test/harness';
import { GATEWAY_PRINCIPAL } from '../../test/fixtures/triage-record-fixtures';
import { createCoreApiApp } from '../app';

/** One core-api app on its own server, with its own metrics and a log kept as parsed lines. */
interface AppUnderTest {
  url: string;
  log: Record<string, unknown>[];
  metrics: Registry;
  /** How many requests reached Express. */
  expressRequests: () => number;
  server: Server;
}

let api: TestCoreApi;
let fast: AppUnderTest;
let express: AppUnderTest;
let gatewayToken: string;
const patientId = randomUUID();
const PATH = '/api/v1/triage/assess';

async function serveApp(listenerOf: (app: ReturnType<typeof createCoreApiApp>) => typeof app.listener) {
  const log: Record<string, unknown>[] = [];
  const metrics = new Registry();
  const destination = { write: (line: string) => void log.push(JSON.parse(line) as Record<string, unknown>) };
  const app = createCoreApiApp({
    ...api.deps,
    metrics,
    logger: createLogger({ service: 'core-api', level: 'info', destination }),
  });
  let expressRequests = 0;
  // Express runs every request through app.handle (not in its typings).
  type Handle = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;
  const expressApp = app.app as typeof app.app & { handle: Handle };
  const handle = expressApp.handle.bind(expressApp);
  expressApp.handle = (req, res, next) => {
    expressRequests += 1;
    handle(req, res, next);
  };
  const server = createServer(listenerOf(app));
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, log, metrics, expressRequests: () => expressRequests, server };
}

beforeAll(async () => {
  api = await startTestCoreApi({ TRUST_PROXY: 'true' });
  fast = await serveApp((app) => app.listener);
  express = await serveApp((app) => app.app);
  gatewayToken = api.tokenFor(GATEWAY_PRINCIPAL);
  await api.deps.db.query("INSERT INTO patients (id, preferred_language) VALUES ($1, 'en')", [patientId]);
});
afterAll(async () => {
  for (const { server } of [fast, express]) await new Promise((resolve) => server.close(resolve));
  await api.close();
});

const finalAssessment = (overrides: Record<string, unknown> = {}) => ({
  ageYears: 30,
  sex: 'female',
  pregnant: true,
  findings: { pregnancy_bleeding: true },
  lang: 'en',
  patientId,
  channel: 'africastalking-ussd',
  ...overrides,
});

/** The same request to both apps; the answers, with what each stored, and whether the fast app used Express. */
async function callBoth(options: CallOptions) {
  const expressRequestsBefore = fast.expressRequests();
  const [onFast, onExpress] = [
    await callServer(fast.url, 'POST', PATH, options),
    await callServer(express.url, 'POST', PATH, options),
  ];
  return { onFast, onExpress, fastUsedExpress: fast.expressRequests() > expressRequestsBefore };
}

const headersOf = (answer: { headers: Headers }) => {
  const { date: _date, ...headers } = Object.fromEntries(answer.headers);
  return headers;
};

async function storedRecord(recordId: string) {
  const record = await api.deps.db.query(
    `SELECT patient_id, channel, age_years, sex, pregnant, findings, complaint_text, level, specialty, driving_findings, protocol_version
       FROM triage_records WHERE id = $1`,
    [recordId],
  );
  const audit = await api.deps.db.query(
    `SELECT actor_type, actor_id, action, record_type, patient_id, outcome, origin, details
       FROM audit_log WHERE record_id = $1`,
    [recordId],
  );
  return { record: record.rows, audit: audit.rows };
}

const countRecords = async () =>
  Number((await api.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM triage_records')).rows[0]?.n);

describe('the triage assessment fast path', () => {
  it.each([
    ['a final level for a patient, stored with its audit row', finalAssessment()],
    ['a final level with free text', finalAssessment({ complaintText: 'I am bleeding a lot' })],
    [
      'an infant by months',
      finalAssessment({ ageYears: undefined, ageMonths: 2, sex: 'male', pregnant: false, findings: { fever: true } }),
    ],
    ['questions still to ask (nothing stored)', finalAssessment({ findings: {} })],
    ['no patient (nothing stored)', finalAssessment({ patientId: undefined })],
  ])('answers %s exactly as the Express route', async (_name, body) => {
    const headers = {
      'x-request-id': `fast-path-${randomUUID()}`,
      'x-forwarded-for': '203.0.113.7',
      'user-agent': 'medlink-gateway/1',
    };
    const { onFast, onExpress, fastUsedExpress } = await callBoth({ token: gatewayToken, body, headers });
    expect(fastUsedExpress).toBe(false);
    expect(onFast.status).toBe(200);
    expect(headersOf(onFast)).toEqual(headersOf(onExpress));
    expect(onFast.headers.get('x-request-id')).toBe(headers['x-request-id']);
    const { triageRecordId: fastRecordId, ...fastBody } = onFast.body;
    const { triageRecordId: expressRecordId, ...expressBody } = onExpress.body;
    expect(fastBody).toEqual(expressBody);
    expect(typeof fastRecordId).toBe(typeof expressRecordId);
    if (fastRecordId) {
      const stored = await storedRecord(fastRecordId);
      expect(stored.record).toHaveLength(1);
      expect(stored.audit).toEqual([
        expect.objectContaining({
          origin: { ip: '203.0.113.7', requestId: headers['x-request-id'], userAgent: 'medlink-gateway/1' },
        }),
      ]);
      expect(stored).toEqual(await storedRecord(expressRecordId));
    }
  });

  it('answers an unknown patient with the same 404 problem', async () => {
    const { onFast, onExpress, fastUsedExpress } = await callBoth({
      token: gatewayToken,
      body: finalAssessment({ patientId: randomUUID() }),
    });
    expect(fastUsedExpress).toBe(false);
    expect(onFast.status).toBe(404);
    expect(onFast.body).toEqual(onExpress.body);
    expect(onFast.headers.get('content-type')).toBe(onExpress.headers.get('content-type'));
  });

  const valid = JSON.stringify(finalAssessment());
  it.each<[string, CallOptions, number]>([
    ['a body the schema refuses', { token: 'gateway', body: finalAssessment({ sex: 'male' }) }, 400],
    ['an unknown finding', { token: 'gateway', body: finalAssessment({ findings: { flying_pigs: true } }) }, 400],
    ['an empty body', { token: 'gateway', body: '' }, 400],
    ['no token, with a patient', { body: finalAssessment() }, 403],
    ['a bad token', { token: 'not-a-token', body: finalAssessment() }, 401],
    ['an admin token, with a patient', { token: 'admin', body: finalAssessment() }, 403],
    ['a text body', { token: 'gateway', body: valid, headers: { 'content-type': 'text/plain' } }, 400],
    [
      'another charset',
      { token: 'gateway', body: valid, headers: { 'content-type': 'application/json; charset=latin1' } },
      415,
    ],
    [
      'a compressed body',
      {
        token: 'gateway',
        body: gzipSync(JSON.stringify(finalAssessment({ patientId: undefined }))),
        headers: { 'content-encoding': 'gzip' },
      },
      200,
    ],
    ['too long a body', { token: 'gateway', body: `{"complaintText":"${'x'.repeat(300 * 1024)}"}` }, 413],
  ])('leaves %s to Express: the same answer, nothing stored', async (_name, options, status) => {
    const token =
      options.token === 'gateway'
        ? gatewayToken
        : options.token === 'admin'
          ? api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' })
          : options.token;
    const before = await countRecords();
    const { onFast, onExpress, fastUsedExpress } = await callBoth({ ...options, token });
    expect(fastUsedExpress).toBe(true);
    expect(onFast.status).toBe(status);
    expect(onFast.body).toEqual(onExpress.body);
    expect(onFast.headers.get('content-type')).toBe(onExpress.headers.get('content-type'));
    expect(await countRecords()).toBe(before);
  });

  it.each([
    ['not JSON', '{"ageYears": 30,'],
    ['a JSON string rather than an object', '"hello"'],
  ])('answers a body that is %s with the problem of express.json', async (_name, body) => {
    const { onFast, onExpress } = await callBoth({ token: gatewayToken, body });
    expect(onFast.status).toBe(400);
    expect(onFast.body).toEqual(onExpress.body);
    expect(onFast.headers.get('content-type')).toBe(onExpress.headers.get('content-type'));
  });

  it('reads a body that starts with a byte order mark as express.json does', async () => {
    const { onFast, onExpress, fastUsedExpress } = await callBoth({
      token: gatewayToken,
      body: `\uFEFF${JSON.stringify(finalAssessment({ patientId: undefined }))}`,
    });
    expect(fastUsedExpress).toBe(false);
    expect(onFast.status).toBe(200);
    expect(onFast.body).toEqual(onExpress.body);
  });

  it('logs and counts its requests as Express does', async () => {
    const options = { token: gatewayToken, body: finalAssessment(), headers: { 'x-request-id': 'fast-path-logged-1' } };
    await callBoth(options);
    await new Promise((resolve) => setImmediate(resolve));
    const requestLine = (app: AppUnderTest) => {
      const line = app.log.find((entry) => entry.msg === 'request' && entry.requestId === 'fast-path-logged-1');
      const { time: _time, pid: _pid, durationMs, ...rest } = line ?? {};
      expect(durationMs).toEqual(expect.any(Number));
      return rest;
    };
    expect(requestLine(fast)).toEqual(requestLine(express));
    expect(requestLine(fast)).toMatchObject({ method: 'POST', route: PATH, status: 200 });
    const countLine = async (app: AppUnderTest) =>
      (await app.metrics.metrics())
        .split('\n')
        .find((line) =>
          line.startsWith(
            'http_request_duration_seconds_count{method="POST",route="/api/v1/triage/assess",status="200"}',
          ),
        );
    expect(await countLine(fast)).toEqual(await countLine(express));
  });
});
