import { randomUUID } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../harness';

let api: TestCoreApi;
let gatewayToken: string;
let adminToken: string;
let patientId: string;

const allDangerNo = {
  severe_breathing_difficulty: false,
  blue_lips: false,
  unresponsive: false,
  lethargic: false,
  convulsions: false,
  severe_bleeding: false,
  shock_signs: false,
};

beforeAll(async () => {
  api = await startTestCoreApi({ TRIAGE_RATE_LIMIT_PER_MIN: '1000' });
  gatewayToken = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
  adminToken = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });
  const inserted = await api.deps.db.query<{ id: string }>(
    "INSERT INTO patients (preferred_language) VALUES ('fr') RETURNING id",
  );
  patientId = inserted.rows[0]!.id;
});
afterAll(async () => {
  await api.close();
});

const countRecords = async () =>
  Number((await api.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM triage_records')).rows[0]!.n);

describe('POST /api/v1/triage/assess', () => {
  it('when an emergency sign is confirmed, answers emergency with advice and no more questions', async () => {
    const res = await api.call('POST', '/api/v1/triage/assess', {
      body: { ageYears: 30, sex: 'female', pregnant: true, findings: { pregnancy_bleeding: true }, lang: 'fr' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      level: 'emergency',
      specialty: 'obstetrics',
      drivingFindings: ['pregnancy_bleeding'],
      nextQuestions: [],
      isFinal: true,
      protocolVersion: '2026.11-2',
    });
    expect(res.body.advice).toContain('maternité');
    expect(res.body.triageRecordId).toBeUndefined();
  });

  it('asks an emergency phrase of the free text back first, without trusting it', async () => {
    const res = await api.call('POST', '/api/v1/triage/assess', {
      body: { ageYears: 2, sex: 'male', complaintText: 'il ne respire plus', findings: {}, lang: 'fr' },
    });
    expect(res.status).toBe(200);
    expect(res.body.isFinal).toBe(false);
    expect(res.body.nextQuestions[0]).toMatchObject({
      id: 'confirm.severe_breathing_difficulty',
      findingCodes: ['severe_breathing_difficulty'],
    });
    expect(res.body.textFindings.present).toContain('severe_breathing_difficulty');
  });

  it('accepts ageMonths for infants', async () => {
    const res = await api.call('POST', '/api/v1/triage/assess', {
      body: { ageMonths: 1, sex: 'female', findings: { fever: true }, lang: 'en' },
    });
    expect(res.body).toMatchObject({ level: 'emergency', specialty: 'pediatrics' });
  });

  it.each([
    ['an unknown finding code', { findings: { flying_pigs: true } }, 'body.findings.flying_pigs'],
    ['a finding answered with a string', { findings: { fever: 'yes' } }, 'body.findings.fever'],
    ['no age', { ageYears: undefined }, 'body.ageYears'],
    ['a pregnant man', { sex: 'male', pregnant: true }, 'body.pregnant'],
    ['an unknown language', { lang: 'de' }, 'body.lang'],
    ['an unknown channel', { channel: 'pigeon' }, 'body.channel'],
    ['a negative age', { ageYears: -1 }, 'body.ageYears'],
  ])('with %s, answers 400 problem+json naming the field and stores nothing', async (_name, change, path) => {
    const before = await countRecords();
    const body = { ageYears: 30, sex: 'female', findings: {}, lang: 'en', patientId, ...change };
    const res = await api.call('POST', '/api/v1/triage/assess', { body, token: gatewayToken });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await countRecords()).toBe(before);
  });

  it('when the gateway gives a patient and the level is final, stores an audited record and returns its id', async () => {
    const res = await api.call('POST', '/api/v1/triage/assess', {
      token: gatewayToken,
      body: {
        ageYears: 40,
        sex: 'male',
        findings: { ...allDangerNo, runny_nose: true, symptoms_over_2_weeks: false },
        lang: 'en',
        patientId,
        channel: 'africastalking-ussd',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ level: 'self_care', isFinal: true, nextQuestions: [] });
    expect(res.body.returnIf.length).toBeGreaterThan(0);
    const record = await api.deps.db.query(
      'SELECT patient_id, channel, level, protocol_version FROM triage_records WHERE id = $1',
      [res.body.triageRecordId],
    );
    expect(record.rows).toEqual([
      { patient_id: patientId, channel: 'africastalking-ussd', level: 'self_care', protocol_version: '2026.11-2' },
    ]);
    const audit = await api.deps.db.query(
      "SELECT actor_type, actor_id, patient_id FROM audit_log WHERE action = 'triage.record_created' AND record_id = $1",
      [res.body.triageRecordId],
    );
    expect(audit.rows).toEqual([{ actor_type: 'client', actor_id: 'bot-gateway', patient_id: patientId }]);
  });

  it('while questions remain, stores nothing even for the gateway', async () => {
    const before = await countRecords();
    const res = await api.call('POST', '/api/v1/triage/assess', {
      token: gatewayToken,
      body: { ageYears: 40, sex: 'male', findings: {}, lang: 'en', patientId },
    });
    expect(res.body.isFinal).toBe(false);
    expect(res.body.triageRecordId).toBeUndefined();
    expect(await countRecords()).toBe(before);
  });

  it('refuses a patientId from anyone but the gateway with 403 and stores nothing', async () => {
    const before = await countRecords();
    const res = await api.call('POST', '/api/v1/triage/assess', {
      body: { ageYears: 30, sex: 'male', findings: { convulsions: true }, lang: 'en', patientId },
    });
    expect(res.status).toBe(403);
    expect(await countRecords()).toBe(before);
  });

  it('answers 404 for an unknown patient and stores nothing', async () => {
    const before = await countRecords();
    const res = await api.call('POST', '/api/v1/triage/assess', {
      token: gatewayToken,
      body: { ageYears: 30, sex: 'male', findings: { convulsions: true }, lang: 'en', patientId: randomUUID() },
    });
    expect(res.status).toBe(404);
    expect(await countRecords()).toBe(before);
  });
});

describe('GET /api/v1/triage/records', () => {
  it("lists a patient's records newest first for the gateway and an admin, and audits each read", async () => {
    for (const code of ['convulsions', 'snake_bite']) {
      await api.call('POST', '/api/v1/triage/assess', {
        token: gatewayToken,
        body: { ageYears: 30, sex: 'male', findings: { [code]: true }, lang: 'fr', patientId },
      });
    }
    const first = await api.call('GET', `/api/v1/triage/records?patientId=${patientId}&limit=2`, { token: adminToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({
      patientId,
      level: 'emergency',
      drivingFindings: ['snake_bite'],
      findings: { snake_bite: true },
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call(
      'GET',
      `/api/v1/triage/records?patientId=${patientId}&limit=2&cursor=${first.body.nextCursor}`,
      { token: gatewayToken },
    );
    expect(second.status).toBe(200);
    const seen = new Set([...first.body.items, ...second.body.items].map((item: { id: string }) => item.id));
    expect(seen.size).toBe(first.body.items.length + second.body.items.length);
    const audit = await api.deps.db.query(
      "SELECT actor_type FROM audit_log WHERE action = 'triage.records_read' AND patient_id = $1 ORDER BY id",
      [patientId],
    );
    expect(audit.rows).toEqual([{ actor_type: 'user' }, { actor_type: 'client' }]);
  });

  it('refuses anonymous callers, practitioners and bad queries', async () => {
    expect((await api.call('GET', `/api/v1/triage/records?patientId=${patientId}`)).status).toBe(401);
    const practitioner = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'practitioner' });
    expect(
      (await api.call('GET', `/api/v1/triage/records?patientId=${patientId}`, { token: practitioner })).status,
    ).toBe(403);
    expect((await api.call('GET', '/api/v1/triage/records?patientId=nope', { token: adminToken })).status).toBe(400);
    expect(
      (await api.call('GET', `/api/v1/triage/records?patientId=${patientId}&cursor=garbage`, { token: adminToken }))
        .status,
    ).toBe(400);
  });
});

describe('GET /api/v1/triage/protocol', () => {
  it('publishes the version, the 4 levels in both languages and the questions, danger signs first', async () => {
    const res = await api.call('GET', '/api/v1/triage/protocol');
    expect(res.status).toBe(200);
    expect(res.body.protocolVersion).toBe('2026.11-2');
    expect(res.body.levels.map((level: { id: string }) => level.id)).toEqual([
      'emergency',
      'urgent',
      'routine',
      'self_care',
    ]);
    expect(res.body.findings).toHaveLength(82);
    const kinds: string[] = res.body.questions.map((question: { kind: string }) => question.kind);
    expect(kinds.indexOf('detail')).toBeGreaterThan(kinds.lastIndexOf('danger'));
    expect(res.body.questions[0]).toMatchObject({ fr: expect.any(String), en: expect.any(String) });
  });

  it('documents the triage routes in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/triage/assess', '/api/v1/triage/records', '/api/v1/triage/protocol']),
    );
  });
});

describe('rate limit', () => {
  let limited: TestCoreApi;
  beforeAll(async () => {
    limited = await startTestCoreApi({ TRIAGE_RATE_LIMIT_PER_MIN: '2' });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 with Retry-After past TRIAGE_RATE_LIMIT_PER_MIN per address, but not to the gateway', async () => {
    const body = { ageYears: 30, sex: 'male', findings: {}, lang: 'en' };
    const statuses = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await limited.call('POST', '/api/v1/triage/assess', { body })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await limited.call('POST', '/api/v1/triage/assess', { body });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const token = limited.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    expect((await limited.call('POST', '/api/v1/triage/assess', { body, token })).status).toBe(200);
  });
});
