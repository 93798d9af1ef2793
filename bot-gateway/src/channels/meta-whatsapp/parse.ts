// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
import { z } from 'zod';
import { parseInput, WebhookInputError } from '../parse-input';
import type { InboundEvent, InboundMedia, InboundMessage, InboundStatus } from '../types';
import { toMetaStatus } from './status';

const mediaSchema = z.object({ id: z.string().min(1), mime_type: z.string().min(1), caption: z.string().optional() });

const messageSchema = z.object({
  from: z.string().regex(/^\d{6,15}$/, 'expected a WhatsApp id (digits)'),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/, 'expected unix seconds'),
  type: z.string().min(1),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string().min(1), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string().min(1), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  location: z
    .object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  image: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
});

const statusSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/, 'expected unix seconds'),
  recipient_id: z.string().min(1),
  errors: z
    .array(
      z.object({
        code: z.number(),
        title: z.string(),
        message: z.string().optional(),
        error_data: z.object({ details: z.string() }).optional(),
      }),
    )
    .optional(),
});

const notificationSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({ messages: z.array(messageSchema).optional(), statuses: z.array(statusSchema).optional() }),
        }),
      ),
    }),
  ),
});

type MetaMessage = z.infer<typeof messageSchema>;
const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/** One notification may batch several entries, changes, messages and statuses. */
export function parseMetaWhatsapp(body: unknown): InboundEvent[] {
  const notification = parseInput(notificationSchema, body);
  const events: InboundEvent[] = [];
  for (const entry of notification.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      for (const message of change.value.messages ?? []) {
        const parsed = toInboundMessage(message);
        if (parsed) events.push(parsed);
      }
      for (const status of change.value.statuses ?? []) events.push(toInboundStatus(status));
    }
  }
  return events;
}

function toInboundMessage(message: MetaMessage): InboundMessage | undefined {
  // A reaction is an emoji on an earlier message, not something the patient said.
  if (message.type === 'reaction') return undefined;
  const base = {
    kind: 'message' as const,
    channel: 'meta-whatsapp' as const,
    contactAddress: message.from,
    providerMessageId: message.id,
    receivedAt: new Date(Number(message.timestamp) * 1000),
  };
  switch (message.type) {
    case 'text':
      if (!message.text) throw new WebhookInputError('missing messages.text');
      return { ...base, text: message.text.body };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      if (!reply) throw new WebhookInputError('missing messages.interactive.button_reply');
      return { ...base, text: reply.title, replyId: reply.id };
    }
    case 'button':
      if (!message.button) throw new WebhookInputError('missing messages.button');
      return {
        ...base,
        text: message.button.text,
        ...(message.button.payload ? { replyId: message.button.payload } : {}),
      };
    case 'location': {
      const pin = message.location;
      if (!pin) throw new WebhookInputError('missing messages.location');
      const label = pin.name ?? pin.address;
      return { ...base, location: { lat: pin.latitude, lon: pin.longitude, ...(label ? { label } : {}) } };
    }
    default: {
      const mediaType = MEDIA_TYPES.find((type) => type === message.type);
      const media = mediaType ? message[mediaType] : undefined;
      if (mediaType && !media) throw new WebhookInputError(`missing messages.${mediaType}`);
      if (!media) return { ...base };
      // Cloud API media has an id, not a URL: it is fetched later with GET /{media-id} and the access token.
      const item: InboundMedia = { url: `meta-media:${media.id}`, contentType: media.mime_type };
      return { ...base, ...(media.caption ? { text: media.caption } : {}), media: [item] };
    }
  }
}

function toInboundStatus(status: z.infer<typeof statusSchema>): InboundStatus {
  const error = status.errors?.[0];
  const reason = error ? `${error.code} ${error.error_data?.details ?? error.message ?? error.title}` : undefined;
  return {
    kind: 'status',
    channel: 'meta-whatsapp',
    providerMessageId: status.id,
    status: toMetaStatus(status.status),
    providerStatus: status.status,
    ...(reason ? { reason } : {}),
    at: new Date(Number(status.timestamp) * 1000),
  };
}
