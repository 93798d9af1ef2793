import type { LiveEventInput } from '@medlink/platform/live-events';
import { startTestGateway, type TestGateway } from './gateway-harness';

let gateway: TestGateway;
const events: LiveEventInput[] = [];

beforeAll(async () => {
  gateway = await startTestGateway({ publish: (event) => events.push(event) });
});
afterAll(async () => {
  await gateway.close();
});

async function consultationWithReply(
  providerMessageId: string,
): Promise<{ consultationId: string; practitionerId: string; messageId: string }> {
  const [patient] = await gateway.sql<{ id: string }>(`INSERT INTO patients DEFAULT VALUES RETURNING id`);
  const [practitioner] = await gateway.sql<{ id: string }>(
    `INSERT INTO practitioners (full_name, licence_number, verification_status) VALUES ('Dr Test', $1, 'verified') RETURNING id`,
    [`LIC-${providerMessageId}`],
  );
  const [consultation] = await gateway.sql<{ id: string }>(
    `INSERT INTO consultations (patient_id, channel, status) VALUES ($1, 'twilio-sms', 'open') RETURNING id`,
    [patient?.id],
  );
  await gateway.sql(`INSERT INTO consultation_participants (consultation_id, practitioner_id) VALUES ($1, $2)`, [
    consultation?.id,
    practitioner?.id,
  ]);
  const messageId = await gateway.insertSentMessage('twilio-sms', '+254700000777', providerMessageId);
  await gateway.sql(`UPDATE messages SET consultation_id = $2 WHERE id = $1`, [messageId, consultation?.id]);
  return { consultationId: consultation?.id ?? '', practitionerId: practitioner?.id ?? '', messageId };
}

/** Events go out after the provider got its answer: wait for them (bounded), don't race them. */
async function eventually(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !check(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

const statusCallback = (sid: string, status: string) => ({
  MessageSid: sid,
  MessageStatus: status,
  AccountSid: 'AC00000000000000000000000000000000',
  From: '+15005550006',
  To: '+254700000777',
});

describe('live delivery statuses for the back office', () => {
  it('when a practitioner reply is delivered, publishes message.status to the consultation and its practitioners', async () => {
    const { consultationId, practitionerId, messageId } = await consultationWithReply('SMlive0001');
    const response = await gateway.postTwilio('/webhooks/twilio/status', statusCallback('SMlive0001', 'delivered'));
    expect(response.status).toBe(200);
    await eventually(() => events.some((event) => event.payload.messageId === messageId));
    expect(events).toContainEqual({
      type: 'message.status',
      rooms: [`consultation:${consultationId}`, `practitioner:${practitionerId}`],
      payload: { consultationId, messageId, status: 'delivered' },
    });
  });

  it('when a late status does not move the message forward, publishes nothing', async () => {
    const { messageId } = await consultationWithReply('SMlive0002');
    await gateway.postTwilio('/webhooks/twilio/status', statusCallback('SMlive0002', 'read'));
    await eventually(() =>
      events.some((event) => event.payload.messageId === messageId && event.payload.status === 'read'),
    );
    const before = events.length;
    await gateway.postTwilio('/webhooks/twilio/status', statusCallback('SMlive0002', 'delivered'));
    await gateway.postTwilio('/webhooks/twilio/status', statusCallback('SMlive0002', 'read'));
    expect(events.length).toBe(before);
  });

  it('when the message is not part of a consultation (a flow reply), publishes nothing', async () => {
    await gateway.insertSentMessage('twilio-sms', '+254700000778', 'SMlive0003');
    const before = events.length;
    await gateway.postTwilio('/webhooks/twilio/status', {
      ...statusCallback('SMlive0003', 'delivered'),
      To: '+254700000778',
    });
    expect(events.length).toBe(before);
  });
});
