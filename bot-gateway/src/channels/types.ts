/**
 * The gateway's own vocabulary. Everything after a webhook's parse step, and everything before a
 * send client, speaks only these types; no provider field leaks past a channel folder.
 */
export const CHANNEL_IDS = [
  'africastalking-ussd',
  'africastalking-sms',
  'twilio-sms',
  'twilio-whatsapp',
  'meta-whatsapp',
] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** How a patient is reached: a phone number (E.164) for USSD and SMS, a WhatsApp id for WhatsApp. */
export type IdentityKind = 'phone' | 'whatsapp';

export interface InboundMedia {
  url: string;
  contentType: string;
}

export interface InboundLocation {
  lat: number;
  lon: number;
  label?: string;
}

export interface InboundMessage {
  kind: 'message';
  channel: ChannelId;
  /** E.164 phone number, or the WhatsApp id (digits, no `whatsapp:` prefix). */
  contactAddress: string;
  /** Unique per provider delivery: a redelivery carries the same id. USSD: `<sessionId>:<step>`. */
  providerMessageId: string;
  text?: string;
  media?: InboundMedia[];
  location?: InboundLocation;
  /** The id of the interactive button or list row the patient chose. */
  replyId?: string;
  receivedAt: Date;
  /** USSD only: the provider's session id and the full `*`-joined input so far. */
  ussd?: { sessionId: string; serviceCode: string; inputs: string[] };
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface InboundStatus {
  kind: 'status';
  channel: ChannelId;
  providerMessageId: string;
  status: DeliveryStatus;
  /** The provider's own status word, kept for the history. */
  providerStatus: string;
  reason?: string;
  at: Date;
}

export type InboundEvent = InboundMessage | InboundStatus;

export interface Choice {
  id: string;
  label: string;
  description?: string;
}

/** What a flow or a practitioner wants to say, before any channel's limits are applied. */
export interface OutboundContent {
  text: string;
  choices?: Choice[];
  /** A title for a WhatsApp list's button ("Choose", "Choisir"). */
  choicesLabel?: string;
  media?: { url: string; contentType: string; caption?: string };
  /** An approved WhatsApp template, for messages outside the 24-hour window. */
  template?: { name: string; language: string; parameters: string[] };
  /** USSD only: whether this screen ends the session (`END`) or waits for input (`CON`). */
  endsSession?: boolean;
}

/** The result of one send attempt, classified once (see STYLE.md §7). */
export type SendResult =
  | { outcome: 'accepted'; providerMessageId: string }
  | { outcome: 'retryable'; reason: string }
  | { outcome: 'throttled'; reason: string; retryAfterMs?: number }
  | { outcome: 'permanent'; reason: string };

/** Ranks for `isForwardStatus`: a status never moves back (a late `sent` after `delivered` is ignored). */
export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** Delivery statuses a message row can hold (the `messages.status` column), inbound and outbound. */
export type MessageRowStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'dead';

export type ChannelKind = 'ussd' | 'sms' | 'whatsapp';

/** A webhook call as the gateway sees it before any parsing: the raw bytes are kept for signatures. */
export interface WebhookRequest {
  method: string;
  /** Path and query exactly as received (`/webhooks/twilio/messages?x=1`). */
  originalUrl: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** The provider secrets a verify step may need; an unset secret is not enforced. */
export interface WebhookSecrets {
  publicBaseUrl: string;
  twilioAuthToken?: string;
  metaAppSecret?: string;
  metaVerifyToken?: string;
  atWebhookToken?: string;
}

/** 'missing' answers 401, 'invalid' answers 403; neither body says why. */
export type VerifyOutcome = 'ok' | 'missing' | 'invalid';

/**
 * One provider URL. Several channels may share one endpoint object (Twilio SMS and WhatsApp);
 * the app mounts each distinct endpoint once.
 * - `inbox`: verify → parse → store → acknowledge with `ack`; the conversation runs later from a job.
 * - `ussd`: the answer is the next screen, computed inline (see src/ussd/).
 */
export interface WebhookEndpoint {
  method: 'POST';
  path: string;
  /** Metrics label when the channel is not known yet (bad signature on a shared path). */
  label: string;
  mode: 'inbox' | 'ussd';
  ack: 'twiml' | 'empty';
  verify(request: WebhookRequest, secrets: WebhookSecrets): VerifyOutcome;
  /** Throws WebhookInputError naming the field on bad input. */
  parse(request: WebhookRequest, now: Date): InboundEvent[];
}

/**
 * Everything the gateway knows about one channel. `render` turns channel-neutral content into the
 * provider-ready payload(s) that `send` takes (one content may need several payloads: a long SMS).
 * Method syntax on purpose: a Channel<TwilioMessageParams> is usable where a Channel<unknown> is listed.
 */
export interface Channel<Payload> {
  id: ChannelId;
  kind: ChannelKind;
  provider: 'twilio' | 'africastalking' | 'meta';
  identityKind: IdentityKind;
  /** Who the provider counts our sends against (rate limits): the From number or phone-number id. */
  senderKey: string;
  webhooks: WebhookEndpoint[];
  render(content: OutboundContent, to: string): Payload[];
  send(payload: Payload, options: ChannelSendOptions): Promise<SendResult>;
}

export interface ChannelSendOptions {
  /** Stable across retries of one outbox row, so a provider (or the simulator) can drop a second send. */
  idempotencyKey: string;
}
