import type { UssdScreenInput } from '@medlink/flows/ussd/paginate-ussd';
import type { ChannelId, ChannelKind, InboundLocation, InboundMedia, OutboundContent } from '../channels/types';

/** What a conversation step sees of one inbound message: our vocabulary, never a provider field. */
export interface ConversationMessage {
  messageId: string;
  channel: ChannelId;
  kind: ChannelKind;
  contactAddress: string;
  /** Empty on a USSD session start (the patient dialled the code). */
  text: string;
  replyId?: string;
  location?: InboundLocation;
  media?: InboundMedia[];
  receivedAt: Date;
}

/** Opaque JSON the handler owns; the gateway stores it per (channel, contact) and hands it back. */
export type ConversationState = Record<string, unknown>;

export interface ConversationContext {
  now: Date;
  /** Undefined for a new contact, or after "start again". */
  state: ConversationState | undefined;
  /** The state is exactly what this handler returned in this process (not read back from a store): no need to validate it again. */
  isStateOwn?: boolean;
}

/** Replies go to the same contact on the same channel, in order. */
export interface ConversationResult {
  outputs: OutboundContent[];
  state: ConversationState;
  /** The patient is on the main menu, where the inputs of a dialled shortcut (`*384*123*1#`) apply. */
  atMainMenu?: boolean;
  /** USSD: the screen with what is information and what is the question, for the pager; else `outputs` are paged as text. */
  ussdScreen?: UssdScreenInput;
  /**
   * Work that must wait for the step's transaction to commit (an erasure rewrites the very message rows
   * the step holds locked); the gateway runs it once the replies are committed.
   */
  afterCommit?: () => Promise<void>;
}

/**
 * The seam where the flow engine plugs in. It may call core-api, but must not send anything
 * itself: the gateway writes `outputs` as outbox rows in the transaction that marks the inbound
 * message processed, which is what makes "no second reply" hold.
 */
export interface ConversationHandler {
  handle(message: ConversationMessage, context: ConversationContext): Promise<ConversationResult>;
}

export type ConversationLanguage = 'fr' | 'en';

/** The language a state says, for the gateway's own texts (USSD pager, resume offer). */
export function languageOf(state: ConversationState | undefined): ConversationLanguage {
  return state?.lang === 'en' ? 'en' : 'fr';
}
