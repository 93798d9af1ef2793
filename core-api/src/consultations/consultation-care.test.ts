import { insertPractitioner, insertTriageRecord } from '../../test/fixtures/consultation-fixtures';
import { useConsultationSuite } from '../../test/fixtures/consultation-suite';

const suite = useConsultationSuite();
const { events, db, tokenOf, count, openFor, consultationOwnedBy } = suite;

describe('replying', () => {
  it('queues exactly one outbound row on the patient channel, and the same Idempotency-Key twice queues one', async () => {
    const { owner, patient, consultationId } = await consultationOwnedBy();
    events.length = 0;
    const send = () =>
      suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
        token: tokenOf(owner),
        body: { text: 'Prenez du paracétamol et revenez demain si la fièvre persiste.' },
        headers: { 'idempotency-key': 'reply-0001-abcdef' },
      });
    const first = await send();
    const second = await send();

    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({
      direction: 'out',
      status: 'queued',
      channel: 'africastalking-sms',
      authorPractitionerId: owner.practitionerId,
      segments: 1,
      encoding: 'gsm7',
    });
    expect(first.body.limits).toEqual({
      channel: 'africastalking-sms',
      sms: { encoding: 'gsm7', segments: 1, units: 62, perSegment: 160 },
    });
    expect(first.body.replayed).toBe(false);
    expect(second.body.message.id).toBe(first.body.message.id);
    expect(second.body.replayed).toBe(true);
    const rows = await db().query(
      `SELECT contact_address, status, next_attempt_at IS NOT NULL AS due FROM messages WHERE consultation_id = $1 AND direction = 'out'`,
      [consultationId],
    );
    expect(rows.rows).toEqual([{ contact_address: patient.phone, status: 'queued', due: true }]);
    expect(events.filter((e) => e.type === 'consultation.message')).toHaveLength(1);
  });

  it('without a key, two replies are two messages; a bad key is a 400 that queues nothing', async () => {
    const { owner, consultationId } = await consultationOwnedBy();
    const token = tokenOf(owner);
    await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, { token, body: { text: 'un' } });
    await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, { token, body: { text: 'deux' } });
    const bad = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token,
      body: { text: 'trois' },
      headers: { 'idempotency-key': 'x' },
    });
    expect(bad.status).toBe(400);
    expect(
      (await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, { token, body: { text: '' } }))
        .status,
    ).toBe(400);
    expect(await count(`messages WHERE consultation_id = $1 AND direction = 'out'`, [consultationId])).toBe(2);
  });

  it('replies over SMS to a USSD patient, and asks for a template when the WhatsApp window has closed', async () => {
    const { owner, patient, consultationId } = await consultationOwnedBy({ language: 'en' });
    await db().query(`UPDATE consultations SET channel = 'africastalking-ussd' WHERE id = $1`, [consultationId]);
    const sms = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token: tokenOf(owner),
      body: { text: 'As-tu reçu le médicament ?' },
    });
    expect(sms.body.message).toMatchObject({ channel: 'africastalking-sms', encoding: 'ucs2' });

    await db().query(
      `UPDATE consultations SET channel = 'meta-whatsapp', last_patient_message_at = now() - interval '2 days' WHERE id = $1`,
      [consultationId],
    );
    const wa = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token: tokenOf(owner),
      body: { text: 'Any news?' },
    });
    expect(wa.body.limits.whatsapp.windowOpen).toBe(false);
    expect(wa.body.message.content.template).toEqual({ name: 'medlink_new_message', language: 'en', parameters: [] });
    const row = await db().query('SELECT contact_address FROM messages WHERE id = $1', [wa.body.message.id]);
    expect(row.rows[0]).toEqual({ contact_address: patient.whatsapp });
  });

  it('still answers an opted-out patient in the consultation they started, but never into a resolved one', async () => {
    const { owner, patient, consultationId } = await consultationOwnedBy();
    await db().query('UPDATE patients SET opted_out_at = now() WHERE id = $1', [patient.patientId]);
    const ok = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token: tokenOf(owner),
      body: { text: 'Réponse' },
    });
    expect(ok.status).toBe(201);
    await suite.api.call('POST', `/api/v1/consultations/${consultationId}/status`, {
      token: tokenOf(owner),
      body: { status: 'resolved' },
    });
    const refused = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token: tokenOf(owner),
      body: { text: 'Encore' },
    });
    expect(refused.status).toBe(409);
    expect(await count(`messages WHERE consultation_id = $1 AND direction = 'out'`, [consultationId])).toBe(1);
  });
});

describe('participants, status and notes', () => {
  it('invites a verified colleague (told live), refuses an unverified one, and the invitee can read and reply', async () => {
    const { owner, consultationId } = await consultationOwnedBy();
    const colleague = await insertPractitioner(db());
    const pending = await insertPractitioner(db(), { status: 'pending' });
    events.length = 0;
    const refused = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/participants`, {
      token: tokenOf(owner),
      body: { practitionerId: pending.practitionerId },
    });
    expect(refused.status).toBe(400);
    const res = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/participants`, {
      token: tokenOf(owner),
      body: { practitionerId: colleague.practitionerId },
    });
    expect(res.status).toBe(200);
    expect(res.body.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ practitionerId: colleague.practitionerId, role: 'invited' }),
        expect.objectContaining({ practitionerId: owner.practitionerId, role: 'owner' }),
      ]),
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'consultation.invited',
        rooms: [`consultation:${consultationId}`, `practitioner:${colleague.practitionerId}`],
      }),
    ]);
    expect(
      (await suite.api.call('GET', `/api/v1/consultations/${consultationId}`, { token: tokenOf(colleague) })).status,
    ).toBe(200);
    const handoverByInvitee = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/handover`, {
      token: tokenOf(colleague),
      body: { practitionerId: colleague.practitionerId },
    });
    expect(handoverByInvitee.status).toBe(403);
  });

  it('hands the case over: the owner changes, the former owner stays invited, an activity entry is written', async () => {
    const { owner, consultationId } = await consultationOwnedBy();
    const next = await insertPractitioner(db());
    events.length = 0;
    const res = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/handover`, {
      token: tokenOf(owner),
      body: { practitionerId: next.practitionerId },
    });
    expect(res.status).toBe(200);
    expect(res.body.consultation.ownerPractitionerId).toBe(next.practitionerId);
    expect(res.body.participants).toEqual(
      expect.arrayContaining([expect.objectContaining({ practitionerId: owner.practitionerId, role: 'invited' })]),
    );
    expect(events[0]).toMatchObject({
      type: 'consultation.updated',
      payload: { change: 'handed_over', from: owner.practitionerId, to: next.practitionerId },
    });
    expect(events[0]!.rooms).toEqual(
      expect.arrayContaining([`practitioner:${owner.practitionerId}`, `practitioner:${next.practitionerId}`]),
    );
    const timeline = await suite.api.call('GET', `/api/v1/consultations/${consultationId}`, { token: tokenOf(next) });
    expect(
      timeline.body.entries
        .filter((e: { kind: string }) => e.kind === 'activity')
        .map((e: { data: { kind: string } }) => e.data.kind),
    ).toEqual(['opened', 'routed', 'handed_over']);
  });

  it('snoozes and resolves; a new patient message after resolution opens a new consultation', async () => {
    const { owner, patient, consultationId } = await consultationOwnedBy();
    const snoozed = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/status`, {
      token: tokenOf(owner),
      body: { status: 'snoozed' },
    });
    expect(snoozed.body.status).toBe('snoozed');
    expect((await openFor(patient.patientId)).body.consultation).toMatchObject({ id: consultationId, status: 'open' });
    await suite.api.call('POST', `/api/v1/consultations/${consultationId}/status`, {
      token: tokenOf(owner),
      body: { status: 'resolved' },
    });
    const again = await openFor(patient.patientId);
    expect(again.status).toBe(201);
    expect(again.body.consultation.id).not.toBe(consultationId);
    const reopen = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/status`, {
      token: tokenOf(owner),
      body: { status: 'open' },
    });
    expect(reopen.status).toBe(409);
    expect(
      (
        await suite.api.call('POST', `/api/v1/consultations/${consultationId}/status`, {
          token: tokenOf(owner),
          body: { status: 'pending' },
        })
      ).status,
    ).toBe(400);
  });

  it('stores notes encrypted, shows them to participants in the timeline, not to an admin, never to the gateway', async () => {
    const { owner, consultationId, patient } = await consultationOwnedBy();
    await insertTriageRecord(db(), patient.patientId, { level: 'routine' });
    const secret = 'Suspicion de paludisme, vérifier TDR';
    const note = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/notes`, {
      token: tokenOf(owner),
      body: { text: secret },
    });
    expect(note.status).toBe(201);
    const stored = await db().query<{ body_ciphertext: Buffer }>(
      'SELECT body_ciphertext FROM consultation_notes WHERE id = $1',
      [note.body.id],
    );
    expect(stored.rows[0]!.body_ciphertext.includes(Buffer.from('paludisme'))).toBe(false);
    expect(stored.rows[0]!.body_ciphertext.toString('latin1')).not.toContain('paludisme');

    const timeline = await suite.api.call('GET', `/api/v1/consultations/${consultationId}`, { token: tokenOf(owner) });
    expect(timeline.status).toBe(200);
    const kinds = timeline.body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['triage', 'message', 'note', 'activity']));
    expect(timeline.body.entries.find((e: { kind: string }) => e.kind === 'note').data.text).toBe(secret);
    const times = timeline.body.entries.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(timeline.body.patient).toMatchObject({ id: patient.patientId, optedOut: false });

    const asAdmin = await suite.api.call('GET', `/api/v1/consultations/${consultationId}`, { token: suite.admin });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.entries.some((e: { kind: string }) => e.kind === 'note')).toBe(false);
    expect(
      (await suite.api.call('GET', `/api/v1/consultations/${consultationId}`, { token: suite.gateway })).status,
    ).toBe(403);
    expect(JSON.stringify(events)).not.toContain('paludisme');
    expect(await count(`audit_log WHERE action = 'consultation.read' AND patient_id = $1`, [patient.patientId])).toBe(
      2,
    );
  });
});

describe('object checks', () => {
  it('answers 404 to practitioner B everywhere on A’s consultation, changes nothing, and audits the refusal', async () => {
    const { consultationId, patient } = await consultationOwnedBy();
    const b = await insertPractitioner(db());
    const token = tokenOf(b);
    const base = `/api/v1/consultations/${consultationId}`;
    const calls: [string, string, unknown?][] = [
      ['GET', base],
      ['POST', `${base}/read`],
      ['POST', `${base}/messages`, { text: 'intrusion' }],
      ['POST', `${base}/participants`, { practitionerId: b.practitionerId }],
      ['POST', `${base}/handover`, { practitionerId: b.practitionerId }],
      ['POST', `${base}/status`, { status: 'resolved' }],
      ['POST', `${base}/notes`, { text: 'intrusion' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await suite.api.call(method, path, { token, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect(await count(`messages WHERE consultation_id = $1 AND direction = 'out'`, [consultationId])).toBe(0);
    expect(await count('consultation_notes WHERE consultation_id = $1', [consultationId])).toBe(0);
    expect(await count('consultation_participants WHERE consultation_id = $1', [consultationId])).toBe(1);
    expect(
      await count(`audit_log WHERE action = 'consultation.access_denied' AND patient_id = $1`, [patient.patientId]),
    ).toBe(calls.length);
    const inbox = await suite.api.call('GET', '/api/v1/consultations', { token });
    expect(inbox.body.items).toEqual([]);
    expect((await suite.api.call('GET', '/api/v1/consultations/not-a-uuid', { token })).status).toBe(400);
    expect(
      (await suite.api.call('GET', '/api/v1/consultations/00000000-0000-4000-8000-000000000000', { token })).status,
    ).toBe(404);
  });
});

describe('live events and documentation', () => {
  it('publishes message.status to the consultation and its participants when support retries a dead reply', async () => {
    const { owner, consultationId } = await consultationOwnedBy();
    const reply = await suite.api.call('POST', `/api/v1/consultations/${consultationId}/messages`, {
      token: tokenOf(owner),
      body: { text: 'Bonjour' },
    });
    await db().query(`UPDATE messages SET status = 'dead' WHERE id = $1`, [reply.body.message.id]);
    events.length = 0;
    expect(
      (await suite.api.call('POST', `/api/v1/messages/${reply.body.message.id}/retry`, { token: suite.admin })).status,
    ).toBe(200);
    expect(events).toEqual([
      {
        type: 'message.status',
        rooms: [`consultation:${consultationId}`, `practitioner:${owner.practitionerId}`],
        payload: { messageId: reply.body.message.id, status: 'queued', consultationId },
      },
    ]);
  });

  it('documents every consultation, message and file route in the OpenAPI document', async () => {
    const doc = await suite.api.call('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/consultations',
        '/api/v1/consultations/{id}',
        '/api/v1/consultations/{id}/messages',
        '/api/v1/consultations/{id}/files',
        '/api/v1/files/{id}/content',
        '/api/v1/messages',
        '/api/v1/messages/outbound',
      ]),
    );
  });
});

describe('living with the gateway schema', () => {
  it('marks an inbound row it stores itself as handled, so the gateway sweeper does not run a flow on it', async () => {
    await db().query('ALTER TABLE messages ADD COLUMN IF NOT EXISTS processed_at timestamptz');
    const { patient } = await consultationOwnedBy();
    const res = await openFor(patient.patientId, { text: 'encore une question' });
    const row = await db().query<{ handled: boolean }>(
      'SELECT processed_at IS NOT NULL AS handled FROM messages WHERE id = $1',
      [res.body.message.id],
    );
    expect(row.rows[0]!.handled).toBe(true);
  });
});
