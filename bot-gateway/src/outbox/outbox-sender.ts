import { z } from 'zod';
import type { OutboundContent, SendResult } from '../channels/types';

/** What the worker needs from a channel: where the rate limit applies, and one send call. */
export interface OutboxSender {
  /** The From number or phone-number id the provider counts our sends against. */
  senderKey: string;
  send(message: OutboundToSend): Promise<SendResult>;
}

export interface OutboundToSend {
  messageId: string;
  /** contact_address: E.164, or the WhatsApp id. */
  to: string;
  content: OutboundContent;
  idempotencyKey: string;
}

export type OutboxSenderLookup = (channel: string) => OutboxSender | undefined;

/** An outbox row keeps its text in `body` and the rest of OutboundContent in `content` (jsonb). */
const storedContentSchema = z.object({
  text: z.string().optional(),
  choices: z.array(z.object({ id: z.string(), label: z.string(), description: z.string().optional() })).optional(),
  choicesLabel: z.string().optional(),
  media: z.object({ url: z.string(), contentType: z.string(), caption: z.string().optional() }).optional(),
  template: z.object({ name: z.string(), language: z.string(), parameters: z.array(z.string()) }).optional(),
  endsSession: z.boolean().optional(),
});

export function toOutboundContent(body: string | null, content: unknown): OutboundContent | { error: string } {
  const parsed = storedContentSchema.safeParse(content ?? {});
  if (!parsed.success)
    return { error: `unreadable content: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}` };
  const { text, ...rest } = parsed.data;
  const finalText = body ?? text;
  if (finalText === undefined && !rest.template && !rest.media) return { error: 'no text, media or template to send' };
  return { text: finalText ?? '', ...rest };
}
