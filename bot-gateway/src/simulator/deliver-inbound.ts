import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SimulatorContext } from './simulator-context';
import { metaHeaders, postForm, postJson, twilioHeaders, withToken } from './send-status-callbacks';
import { randomHex, sameAddress, type SimulatedChannel } from './simulator-state';

export const inboundRequestSchema = z.object({
  channel: z.enum(['twilio-sms', 'twilio-whatsapp', 'africastalking-sms', 'meta-whatsapp']),
  from: z.string().regex(/^\+?\d{6,15}$/, 'a phone number in E.164 (or a WhatsApp id)'),
  text: z.string().max(4096).optional(),
  location: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), label: z.string().optional() })
    .optional(),
  replyId: z.string().optional(),
  duplicate: z.boolean().optional(),
  profileName: z.string().optional(),
});
export type InboundRequest = z.infer<typeof inboundRequestSchema>;

export interface Delivery {
  status: number;
  body: string;
}

/**
 * Delivers a patient's message to the gateway exactly as the provider would: same fields, same signature.
 * `duplicate` posts the identical request twice, as providers do when an acknowledgement is slow.
 */
export async function deliverInbound(
  context: SimulatorContext,
  request: InboundRequest,
): Promise<{ providerMessageId: string; deliveries: Delivery[] }> {
  const built = buildInbound(context, request);
  const deliveries: Delivery[] = [];
  for (let i = 0; i < (request.duplicate ? 2 : 1); i += 1) deliveries.push(await built.post());
  return { providerMessageId: built.providerMessageId, deliveries };
}

function buildInbound(
  context: SimulatorContext,
  request: InboundRequest,
): { providerMessageId: string; post: () => Promise<Delivery> } {
  const { secrets } = context;
  const e164 = request.from.startsWith('+') ? request.from : `+${request.from}`;
  const waId = e164.slice(1);
  const reply = request.replyId ? findReplyOption(context, request.channel, e164, request.replyId) : undefined;

  if (request.channel === 'twilio-sms' || request.channel === 'twilio-whatsapp') {
    const isWhatsApp = request.channel === 'twilio-whatsapp';
    const sid = `SM${randomHex(16)}`;
    const ourNumber = isWhatsApp
      ? (secrets.twilio.whatsappFrom ?? '+14155238886')
      : (secrets.twilio.smsFrom ?? '+15005550006');
    const params: Record<string, string> = {
      MessageSid: sid,
      SmsMessageSid: sid,
      SmsSid: sid,
      AccountSid: secrets.twilio.accountSid ?? `AC${randomHex(16)}`,
      From: isWhatsApp ? `whatsapp:${e164}` : e164,
      To: isWhatsApp ? (ourNumber.startsWith('whatsapp:') ? ourNumber : `whatsapp:${ourNumber}`) : ourNumber,
      Body: request.text ?? reply?.title ?? '',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    if (isWhatsApp) {
      params.WaId = waId;
      params.ProfileName = request.profileName ?? 'Patient';
      if (request.replyId && reply?.kind === 'list') {
        params.ListId = request.replyId;
        params.ListTitle = reply.title;
      } else if (request.replyId) {
        params.ButtonPayload = request.replyId;
        params.ButtonText = reply?.title ?? request.replyId;
      }
    }
    if (request.location) {
      params.Latitude = String(request.location.lat);
      params.Longitude = String(request.location.lon);
      if (request.location.label) params.Label = request.location.label;
    }
    const publicUrl = new URL('/webhooks/twilio/messages', secrets.publicBaseUrl).toString();
    const target = new URL('/webhooks/twilio/messages', context.gatewayUrl).toString();
    return { providerMessageId: sid, post: () => postForm(target, params, twilioHeaders(context, publicUrl, params)) };
  }

  if (request.channel === 'africastalking-sms') {
    const id = randomUUID();
    const params = {
      from: e164,
      to: secrets.africastalking.smsFrom ?? '12345',
      text: request.text ?? request.replyId ?? '',
      date: new Date().toISOString().replace('T', ' ').slice(0, 19),
      id,
      linkId: randomUUID(),
      networkCode: '62130',
    };
    return {
      providerMessageId: id,
      post: () => postForm(withToken(context, '/webhooks/africastalking/sms'), params, {}),
    };
  }

  const id = `wamid.${Buffer.from(randomHex(18)).toString('base64url')}`;
  const message: Record<string, unknown> = { from: waId, id, timestamp: String(Math.floor(Date.now() / 1000)) };
  if (request.location) {
    Object.assign(message, {
      type: 'location',
      location: { latitude: request.location.lat, longitude: request.location.lon, name: request.location.label },
    });
  } else if (request.replyId) {
    const kind = reply?.kind === 'list' ? 'list_reply' : 'button_reply';
    Object.assign(message, {
      type: 'interactive',
      interactive: { type: kind, [kind]: { id: request.replyId, title: reply?.title ?? request.replyId } },
    });
  } else {
    Object.assign(message, { type: 'text', text: { body: request.text ?? '' } });
  }
  const rawBody = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_SIMULATED',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550000000',
                phone_number_id: secrets.meta.phoneNumberId ?? 'PHONE_NUMBER_ID',
              },
              contacts: [{ profile: { name: request.profileName ?? 'Patient' }, wa_id: waId }],
              messages: [message],
            },
          },
        ],
      },
    ],
  });
  const target = new URL('/webhooks/meta/whatsapp', context.gatewayUrl).toString();
  return { providerMessageId: id, post: () => postJson(target, rawBody, metaHeaders(context, rawBody)) };
}

/** The button or list row the patient taps was shown in an earlier message; its kind decides the reply's fields. */
function findReplyOption(
  context: SimulatorContext,
  channel: SimulatedChannel,
  address: string,
  replyId: string,
): { kind: 'buttons' | 'list' | 'template'; title: string } | undefined {
  for (let i = context.state.received.length - 1; i >= 0; i -= 1) {
    const message = context.state.received[i];
    if (!message || message.channel !== channel || !sameAddress(message.to, address) || !message.interactive) continue;
    const option = message.interactive.options.find((o) => o.id === replyId);
    if (option) return { kind: message.interactive.type, title: option.title };
  }
  return undefined;
}

export const ussdRequestSchema = z.object({
  from: z.string().regex(/^\+?\d{6,15}$/, 'a phone number in E.164'),
  sessionId: z.string().min(1).max(100).optional(),
  /** Africa's Talking style: every input of the session so far, joined by `*` ('' on dialing). */
  text: z.string().max(500).default(''),
});

/** One USSD hop: Africa's Talking posts the session's inputs so far, the answer is the screen (`CON`/`END`). */
export async function playUssdHop(context: SimulatorContext, request: z.infer<typeof ussdRequestSchema>) {
  const sessionId = request.sessionId ?? `ATUid_${randomHex(12)}`;
  const params = {
    sessionId,
    serviceCode: context.secrets.africastalking.ussdCode ?? '*384*123#',
    phoneNumber: request.from.startsWith('+') ? request.from : `+${request.from}`,
    networkCode: '62130',
    text: request.text,
  };
  const response = await postForm(withToken(context, '/webhooks/africastalking/ussd'), params, {});
  const ends = response.body.startsWith('END');
  const screen = response.body.replace(/^(CON|END) ?/, '');
  return { sessionId, status: response.status, response: response.body, screen, ends };
}
