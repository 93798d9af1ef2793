import { randomUUID } from 'node:crypto';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';

let api: TestCoreApi;
let admin: string;
const patientId = randomUUID();
const actorId = randomUUID();

beforeAll(async () => {
  api = await startTestCoreApi();
  admin = api.tokenFor({ kind: 'user', userId: randomUUID(), role: 'admin' });
  for (const action of ['patient.read', 'patient.update', 'consultation.read']) {
    await api.deps.db.query(
      "INSERT INTO audit_log (actor_type, actor_id, action, patient_id) VALUES ('user', $1, $2, $3)",
      [actorId, action, patientId],
    );
  }
});
afterAll(async () => {
  await api.close();
});

describe('GET /api/v1/audit', () => {
  it('filters by patient and action prefix, newest first, and audits the look-up of a patient', async () => {
    const res = await api.call('GET', `/api/v1/audit?patientId=${patientId}&action=patient.`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { action: string }) => item.action)).toEqual(['patient.update', 'patient.read']);
    expect(res.body.items[0]).toMatchObject({ actorType: 'user', actorId, patientId, outcome: 'ok' });
    expect(
      (await api.deps.db.query("SELECT 1 FROM audit_log WHERE action = 'audit.read' AND patient_id = $1", [patientId]))
        .rowCount,
    ).toBe(1);
  });

  it('filters by exact action and by actor, and pages with a cursor', async () => {
    const exact = await api.call('GET', `/api/v1/audit?action=consultation.read&actorId=${actorId}`, { token: admin });
    expect(exact.body.items).toHaveLength(1);
    const first = await api.call('GET', `/api/v1/audit?actorId=${actorId}&limit=2`, { token: admin });
    const second = await api.call('GET', `/api/v1/audit?actorId=${actorId}&limit=2&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    expect([...first.body.items, ...second.body.items].map((item: { action: string }) => item.action)).toEqual([
      'consultation.read',
      'patient.update',
      'patient.read',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers bad filters with 400 and field errors', async () => {
    const res = await api.call('GET', '/api/v1/audit?patientId=nope&cursor=abc&limit=0', { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'query.cursor',
      'query.limit',
      'query.patientId',
    ]);
  });
});
