import {
  insertGatewayInbound,
  insertPatient,
  insertPractitioner,
  insertTriageRecord,
} from '../../test/fixtures/consultation-fixtures';
import { useConsultationSuite } from '../../test/fixtures/consultation-suite';

const suite = useConsultationSuite();
const { events, db, tokenOf, count, openFor, consultationOwnedBy } = suite;

describe('opening a consultation through the gateway', () => {
  it('answers a text holding U+0000, which PostgreSQL cannot store, with a 400 problem and stores nothing', async () => {
    const patient = await insertPatient(db(), { language: 'en' });
    const res = await openFor(patient.patientId, { text: 'fever\u0000 since monday' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 400,
      detail: 'The request holds a character that cannot be stored (U+0000)',
    });
    expect(await count('consultations WHERE patient_id = $1', [patient.patientId])).toBe(0);
  });

  it('opens a new consultation routed to the least-loaded specialist who speaks the patient language, with the inbound message', async () => {
    const busy = await insertPractitioner(db(), { specialties: ['obstetrics'], languages: ['en'] });
    const free = await insertPractitioner(db(), { specialties: ['obstetrics'], languages: ['en', 'fr'] });
    await insertPractitioner(db(), { specialties: ['obstetrics'], languages: ['fr'] });
    await insertPractitioner(db(), { specialties: ['obstetrics'], languages: ['en'], status: 'pending' });
    const earlier = await insertPatient(db(), { language: 'en' });
    await db()
      .query(`INSERT INTO consultations (patient_id, channel, status) VALUES ($1, 'twilio-sms', 'open') RETURNING id`, [
        earlier.patientId,
      ])
      .then((r) =>
        db().query(
          `INSERT INTO consultation_participants (consultation_id, practitioner_id, role) VALUES ($1, $2, 'owner')`,
          [(r.rows[0] as { id: string }).id, busy.practitionerId],
        ),
      );
    const patient = await insertPatient(db(), { language: 'en' });
    events.length = 0;

    const res = await openFor(patient.patientId, { specialty: 'obstetrics', subject: 'Grossesse' });

    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    expect(res.body.consultation).toMatchObject({
      status: 'open',
      channel: 'africastalking-sms',
      specialty: 'obstetrics',
      ownerPractitionerId: free.practitionerId,
    });
    expect(res.body.message).toMatchObject({ direction: 'in', status: 'received', body: 'J’ai de la fièvre' });
    const stored = await db().query('SELECT contact_address, consultation_id FROM messages WHERE id = $1', [
      res.body.message.id,
    ]);
    expect(stored.rows[0]).toEqual({ contact_address: patient.phone, consultation_id: res.body.consultation.id });
    expect(events.map((e) => e.type)).toEqual(['consultation.invited', 'consultation.message']);
    expect(events[0]!.rooms).toEqual([
      `consultation:${res.body.consultation.id}`,
      `practitioner:${free.practitionerId}`,
    ]);
    const audit = await count(`audit_log WHERE action = 'consultation.open' AND patient_id = $1`, [patient.patientId]);
    expect(audit).toBe(1);
  });

  it('continues the open consultation and links the inbound row the gateway already stored', async () => {
    const { patient, consultationId } = await consultationOwnedBy();
    const messageId = await insertGatewayInbound(db(), {
      patientId: patient.patientId,
      channel: 'twilio-whatsapp',
      contact: patient.whatsapp,
      text: 'Toujours mal',
    });

    const res = await openFor(patient.patientId, { channel: 'twilio-whatsapp', messageId, text: undefined });

    expect(res.status).toBe(200);
    expect(res.body.created).toBe(false);
    expect(res.body.consultation).toMatchObject({ id: consultationId, channel: 'twilio-whatsapp' });
    expect(res.body.message.id).toBe(messageId);
    expect(await count('consultations WHERE patient_id = $1', [patient.patientId])).toBe(1);
    expect(await count('messages WHERE consultation_id = $1', [consultationId])).toBe(2);
  });

  it('spreads equal-load specialists deterministically, smallest id first', async () => {
    const a = await insertPractitioner(db(), { specialties: ['dentistry'], languages: ['fr'] });
    const b = await insertPractitioner(db(), { specialties: ['dentistry'], languages: ['fr'] });
    const [first, second] = [a.practitionerId, b.practitionerId].sort();
    const one = await openFor((await insertPatient(db())).patientId, { specialty: 'dentistry' });
    const two = await openFor((await insertPatient(db())).patientId, { specialty: 'dentistry' });
    expect([one.body.consultation.ownerPractitionerId, two.body.consultation.ownerPractitionerId]).toEqual([
      first,
      second,
    ]);
  });

  it('takes the specialty from the triage record and links it', async () => {
    const owner = await insertPractitioner(db(), { specialties: ['ophthalmology'], languages: ['fr'] });
    const patient = await insertPatient(db());
    const triageRecordId = await insertTriageRecord(db(), patient.patientId, {
      level: 'urgent',
      specialty: 'ophthalmology',
    });
    const res = await openFor(patient.patientId, { triageRecordId });
    expect(res.body.consultation).toMatchObject({
      specialty: 'ophthalmology',
      triageRecordId,
      ownerPractitionerId: owner.practitionerId,
    });
  });

  it.each([
    ['an unknown channel', { channel: 'telegram' }, 'body.channel'],
    ['a malformed patient id', { patientId: 'nope' }, 'body.patientId'],
    ['an empty text', { text: '   ' }, 'body.text'],
    ['an unknown field', { doctor: 'me' }, 'body'],
  ])('answers 400 for %s and opens nothing', async (_case, override, path) => {
    const patient = await insertPatient(db());
    const res = await openFor(patient.patientId, override);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
    expect(await count('consultations WHERE patient_id = $1', [patient.patientId])).toBe(0);
  });

  it('answers 400 for an unknown patient, another patient’s message or triage record, and opens nothing', async () => {
    const patient = await insertPatient(db());
    const other = await insertPatient(db());
    const foreignMessage = await insertGatewayInbound(db(), {
      patientId: other.patientId,
      channel: 'africastalking-sms',
      contact: other.phone,
      text: 'x',
    });
    const foreignTriage = await insertTriageRecord(db(), other.patientId);
    expect((await openFor('00000000-0000-4000-8000-000000000000')).status).toBe(400);
    expect((await openFor(patient.patientId, { messageId: foreignMessage })).body.errors[0].path).toBe(
      'body.messageId',
    );
    expect((await openFor(patient.patientId, { triageRecordId: foreignTriage })).body.errors[0].path).toBe(
      'body.triageRecordId',
    );
    expect(await count('consultations WHERE patient_id = $1', [patient.patientId])).toBe(0);
  });

  it('refuses staff tokens and anonymous callers', async () => {
    const p = await insertPractitioner(db());
    const patient = await insertPatient(db());
    const body = { patientId: patient.patientId, channel: 'africastalking-sms', text: 'x' };
    expect((await suite.api.call('POST', '/api/v1/consultations', { token: tokenOf(p), body })).status).toBe(403);
    expect((await suite.api.call('POST', '/api/v1/consultations', { body })).status).toBe(401);
  });
});

describe('the inbox', () => {
  it('lists only my consultations, newest activity first, with unread counts, previews and triage level', async () => {
    const me = await insertPractitioner(db(), { specialties: ['mental_health'], languages: ['fr'] });
    const older = await insertPatient(db(), { name: 'Older' });
    const newer = await insertPatient(db(), { name: 'Newer' });
    const triageRecordId = await insertTriageRecord(db(), newer.patientId, {
      level: 'urgent',
      specialty: 'mental_health',
    });
    const first = await openFor(older.patientId, { specialty: 'mental_health', text: 'premier' });
    const second = await openFor(newer.patientId, { specialty: 'mental_health', triageRecordId, text: 'un' });
    await openFor(newer.patientId, { text: 'deux' });
    const someoneElse = await consultationOwnedBy();

    const res = await suite.api.call('GET', '/api/v1/consultations', { token: tokenOf(me) });

    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([second.body.consultation.id, first.body.consultation.id]);
    expect(ids).not.toContain(someoneElse.consultationId);
    expect(res.body.items[0]).toMatchObject({
      unreadCount: 2,
      triageLevel: 'urgent',
      myRole: 'owner',
      lastMessage: { direction: 'in', preview: 'deux' },
      patient: { displayName: 'Newer' },
    });
    expect(res.body.items[1]).toMatchObject({ unreadCount: 1, triageLevel: null });

    const read = await suite.api.call('POST', `/api/v1/consultations/${second.body.consultation.id}/read`, {
      token: tokenOf(me),
    });
    expect(read.status).toBe(200);
    const after = await suite.api.call('GET', '/api/v1/consultations?level=urgent', { token: tokenOf(me) });
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0]).toMatchObject({ id: second.body.consultation.id, unreadCount: 0 });
  });

  it('pages with a cursor and filters waitingForMe (patient spoke last, I own it)', async () => {
    const { owner, consultationId } = await consultationOwnedBy();
    const second = await openFor((await insertPatient(db())).patientId, {
      specialty: (
        await db().query<{ specialty: string }>('SELECT specialty FROM consultations WHERE id = $1', [consultationId])
      ).rows[0]!.specialty,
    });
    const token = tokenOf(owner);
    const page1 = await suite.api.call('GET', '/api/v1/consultations?limit=1', { token });
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0].id).toBe(second.body.consultation.id);
    const page2 = await suite.api.call('GET', `/api/v1/consultations?limit=1&cursor=${page1.body.nextCursor}`, {
      token,
    });
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([consultationId]);
    expect(page2.body.nextCursor).toBeNull();

    await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token,
      body: { text: 'Buvez beaucoup d’eau' },
    });
    const waiting = await suite.api.call('GET', '/api/v1/consultations?waitingForMe=true', { token });
    expect(waiting.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.consultation.id]);
    expect((await suite.api.call('GET', '/api/v1/consultations?cursor=forged', { token })).status).toBe(400);
    expect((await suite.api.call('GET', '/api/v1/consultations?level=deadly', { token })).status).toBe(400);
  });

  it('shows an admin every consultation', async () => {
    const { consultationId } = await consultationOwnedBy();
    const res = await suite.api.call('GET', '/api/v1/consultations?limit=100', { token: suite.admin });
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(consultationId);
  });
});
