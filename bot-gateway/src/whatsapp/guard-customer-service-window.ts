import type { Queryable } from '@medlink/platform/db';
import type { ChannelId, OutboundContent } from '../channels/types';
import type { OutboxSender } from '../outbox/outbox-sender';
import { countSmsSegments } from '../sms/count-sms-segments';
import { renderNumberedText } from '../channels/render-text';
import { planWhatsappDelivery } from './customer-service-window';

export interface WindowGuardDeps {
  db: Queryable;
  clock: () => Date;
  /** Where an out-of-window message goes instead when the patient has a phone identity. */
  smsChannel?: ChannelId;
}

/**
 * Applies the 24-hour rule at send time, when it is known: inside the window the free-form content
 * goes (its template is the fallback, not the first choice); outside it, the template, else a copy
 * queued by SMS to the patient's phone (this row then ends dead with that reason), else nothing.
 */
export function guardCustomerServiceWindow(
  channel: ChannelId,
  sender: OutboxSender,
  deps: WindowGuardDeps,
): OutboxSender {
  return {
    senderKey: sender.senderKey,
    async send(message) {
      const lastInboundAt = await findLastInboundAt(deps.db, channel, message.to);
      const needsPhone = !message.content.template;
      const phone = needsPhone && deps.smsChannel ? await findPhoneOfWhatsappId(deps.db, message.to) : undefined;
      const plan = planWhatsappDelivery({
        content: message.content,
        lastInboundAt,
        now: deps.clock(),
        ...(phone ? { phone } : {}),
      });
      switch (plan.via) {
        case 'whatsapp':
          return sender.send({ ...message, content: withoutTemplate(message.content) });
        case 'whatsapp-template':
          return sender.send(message);
        case 'sms':
          if (!deps.smsChannel)
            return { outcome: 'permanent', reason: 'outside the WhatsApp 24-hour window and no template' };
          await queueSmsCopy(deps.db, {
            channel: deps.smsChannel,
            phone: plan.phone,
            content: plan.content,
            idempotencyKey: `${message.idempotencyKey}:sms`,
          });
          return { outcome: 'permanent', reason: 'outside the WhatsApp 24-hour window: sent by SMS instead' };
        case 'none':
          return {
            outcome: 'permanent',
            reason: 'outside the WhatsApp 24-hour window, with no template and no phone number',
          };
      }
    },
  };
}

function withoutTemplate(content: OutboundContent): OutboundContent {
  if (!content.template || content.text === '') return content;
  const { template: _template, ...rest } = content;
  return rest;
}

async function findLastInboundAt(db: Queryable, channel: ChannelId, contact: string): Promise<Date | undefined> {
  const result = await db.query<{ at: Date | string | null }>(
    `SELECT max(created_at) AS at FROM messages WHERE direction = 'in' AND channel = $1 AND contact_address = $2`,
    [channel, contact],
  );
  const at = result.rows[0]?.at;
  return at ? new Date(at) : undefined;
}

async function findPhoneOfWhatsappId(db: Queryable, whatsappId: string): Promise<string | undefined> {
  const result = await db.query<{ address: string }>(
    `SELECT phone.address FROM patient_identities wa
     JOIN patient_identities phone ON phone.patient_id = wa.patient_id AND phone.kind = 'phone'
     WHERE wa.kind = 'whatsapp' AND wa.address = $1
     ORDER BY phone.created_at LIMIT 1`,
    [whatsappId],
  );
  return result.rows[0]?.address;
}

async function queueSmsCopy(
  db: Queryable,
  input: { channel: ChannelId; phone: string; content: OutboundContent; idempotencyKey: string },
): Promise<void> {
  const text = renderNumberedText(input.content);
  const count = countSmsSegments(text);
  await db.query(
    `INSERT INTO messages (direction, channel, contact_address, patient_id, body, content, segments, encoding, status, idempotency_key, next_attempt_at)
     VALUES ('out', $1, $2, (SELECT patient_id FROM patient_identities WHERE kind = 'phone' AND address = $2), $3, '{}'::jsonb, $4, $5, 'queued', $6, now())
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [input.channel, input.phone, text, count.segments, count.encoding, input.idempotencyKey],
  );
}
