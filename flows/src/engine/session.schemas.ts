import { z } from 'zod';
import { CHANNEL_KINDS, jsonValueSchema } from './definition.schemas';
import type { ChannelKind, JsonValue } from './definition.schemas';

const pointerSchema = z.strictObject({ flowId: z.string(), stepId: z.string() });
export type StepPointer = z.infer<typeof pointerSchema>;

/**
 * Everything the engine knows about one contact's conversation; plain JSON so the gateway can store it as
 * is (and parse it back with this schema). `contact` survives the end of a conversation, `vars` do not.
 */
export const sessionSchema = z.strictObject({
  flowId: z.string().nullable(),
  stepId: z.string().nullable(),
  /** Where each subflow returns to. */
  stack: z.array(pointerSchema),
  vars: z.record(z.string(), jsonValueSchema),
  /** lang, consentVersion, optedOut: facts about the contact that outlive a conversation. */
  contact: z.record(z.string(), jsonValueSchema),
  waiting: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('answer'), attempts: z.number().int().min(0) }),
      z.strictObject({ kind: z.literal('action'), name: z.string(), key: z.string() }),
      z.strictObject({ kind: z.literal('resume') }),
    ])
    .nullable(),
  /** Questions already answered, newest last: what "0"/BACK returns to. */
  history: z.array(z.strictObject({ flowId: z.string(), stepId: z.string(), stack: z.array(pointerSchema) })),
  channelKind: z.enum(CHANNEL_KINDS).nullable(),
  lastActivityAt: z.string().nullable(),
  turn: z.number().int().min(0),
});
export type Session = z.infer<typeof sessionSchema>;

export function createSession(contact: Record<string, JsonValue> = {}): Session {
  return {
    flowId: null,
    stepId: null,
    stack: [],
    vars: {},
    contact,
    waiting: null,
    history: [],
    channelKind: null,
    lastActivityAt: null,
    turn: 0,
  };
}

export interface InboundLocation {
  lat: number;
  lon: number;
  label?: string;
}

/** A patient's message (or a USSD dial, with empty text), already stripped of everything provider-specific. */
export interface MessageEvent {
  kind: 'message';
  channelKind: ChannelKind;
  text?: string;
  replyId?: string;
  location?: InboundLocation;
}

/** What the gateway got back from core-api for the `action` effect the engine emitted. */
export interface ActionResultEvent {
  kind: 'actionResult';
  name: string;
  key: string;
  ok: boolean;
  output?: unknown;
}

export type EngineEvent = MessageEvent | ActionResultEvent;

export interface EffectChoice {
  id: string;
  label: string;
}

export type AskKind = 'choice' | 'yesno' | 'text' | 'number' | 'location';

/** Channel-neutral instructions; the gateway renders `say` + `ask` as one USSD screen, SMS or WhatsApp message. */
export type Effect =
  | { type: 'say'; text: string }
  | { type: 'ask'; text: string; inputKind: AskKind; choices: EffectChoice[]; canGoBack: boolean }
  | { type: 'action'; name: string; key: string; input: Record<string, unknown> }
  | { type: 'end' };

export interface StepResult {
  session: Session;
  effects: Effect[];
}

export interface EngineOptions {
  /** Silence after which the patient is offered to resume or restart, e.g. 30 minutes. */
  conversationTimeoutMs: number;
  /**
   * The caller hands the session over (it is the one an earlier step of the same turn returned, and nobody
   * else holds it): the step changes it in place instead of working on a copy.
   */
  handsOverSession?: boolean;
}
