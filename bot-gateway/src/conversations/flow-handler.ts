import type { ActionName } from '@medlink/flows/engine/action-contracts';
import { findActionContract, isActionName } from '@medlink/flows/engine/action-contracts';
import type { FlowBundle } from '@medlink/flows/engine/definition.schemas';
import type { ActionResultEvent, Effect, Session } from '@medlink/flows/engine/session.schemas';
import { createSession, sessionSchema } from '@medlink/flows/engine/session.schemas';
import { stepFlow } from '@medlink/flows/engine/step-flow';
import type { Logger } from '@medlink/platform/logger';
import type { ActionContext, KnownPatient } from '../actions/action-context';
import { runFlowAction } from '../actions/run-flow-action';
import type { CoreApiClient } from '../actions/core-api-client';
import { resolveKnownPatient } from '../actions/resolve-known-patient';
import type { ChannelId, IdentityKind } from '../channels/types';
import {
  contactFactsOf,
  forgetCachedContact,
  loadCachedContact,
  knownPatientSchema,
  saveCachedContact,
  type CachedContact,
} from './contact-cache';
import type { ConversationHandler, ConversationMessage } from './conversation-handler';
import type { KeyValueStore } from './key-value-store';
import { renderFlowEffects } from './render-flow-effects';

export interface FlowHandlerDeps {
  bundle: FlowBundle;
  api: CoreApiClient;
  kv: KeyValueStore;
  logger: Logger;
  /** How long contact facts stay cached (CONVERSATION_TTL_S). */
  contactTtlSeconds: number;
  /** Silence after which the engine offers "continue / start again" (SMS, WhatsApp). */
  conversationTimeoutMs: number;
  identityKindOf(channel: ChannelId): IdentityKind;
  /** The SMS channel that carries pushes (confirmations, a practitioner's answer) to USSD patients. */
  smsChannel?: ChannelId;
  onAppointmentChanged?(appointmentId: string): void;
}

/** Actions per turn: a flow chaining more than this without asking anything is broken, not busy. */
const MAX_ACTIONS_PER_TURN = 12;

/**
 * The flow engine behind the gateway's conversation seam: run a step, perform its actions against
 * core-api and feed the results back until the engine waits for the patient, then render the turn.
 */
export function createFlowHandler(deps: FlowHandlerDeps): ConversationHandler {
  return {
    async handle(message, context) {
      const turn = await openTurn(deps, message, context.state, context.isStateOwn === true);
      let result = stepFlow(deps.bundle, turn.session, toMessageEvent(message), context.now, {
        conversationTimeoutMs: deps.conversationTimeoutMs,
      });
      const effects: Effect[] = [...result.effects];
      const actionContext = turn.actionContext(context.now);
      for (let count = 0; count < MAX_ACTIONS_PER_TURN; count += 1) {
        const action = result.effects.find((effect) => effect.type === 'action');
        if (!action || action.type !== 'action') break;
        const outcome = await performAction(deps, action, result.session, actionContext);
        result = stepFlow(deps.bundle, result.session, outcome, context.now, {
          conversationTimeoutMs: deps.conversationTimeoutMs,
          handsOverSession: true,
        });
        effects.push(...result.effects);
      }
      await turn.persist(result.session);
      const deferred = turn.deferred;
      const lang = result.session.contact['lang'] === 'en' ? 'en' : 'fr';
      const catalog = deps.bundle.messages[lang] ?? {};
      const rendered = renderFlowEffects(effects, message.kind, lang, {
        more: catalog['ussd.more'] ?? 'More',
        back: catalog['ussd.back'] ?? 'Back',
      });
      const atMainMenu = result.session.flowId === deps.bundle.settings.menuFlow && result.session.waiting !== null;
      const patient = turn.knownPatient();
      return {
        ...rendered,
        ...(atMainMenu ? { atMainMenu } : {}),
        state: { ...result.session, lang, ...(patient ? { patient } : {}) },
        ...(deferred.length > 0
          ? {
              afterCommit: async () => {
                for (const work of deferred) await work();
              },
            }
          : {}),
      };
    },
  };
}

function toMessageEvent(message: ConversationMessage) {
  return {
    kind: 'message' as const,
    channelKind: message.kind,
    text: message.text,
    ...(message.replyId ? { replyId: message.replyId } : {}),
    ...(message.location ? { location: message.location } : {}),
  };
}

async function performAction(
  deps: FlowHandlerDeps,
  action: Extract<Effect, { type: 'action' }>,
  session: Session,
  context: ActionContext,
): Promise<ActionResultEvent> {
  const failed = { kind: 'actionResult' as const, name: action.name, key: action.key, ok: false };
  const contract = findActionContract(action.name);
  if (!contract || !isActionName(action.name)) return failed;
  // The engine already refuses this; checked again here because it is the last door before PostgreSQL.
  if (contract.requiresConsent && typeof session.contact['consentVersion'] !== 'string') return failed;
  try {
    const output = await runFlowAction(action.name satisfies ActionName, action.input, context);
    return { ...failed, ok: true, output };
  } catch (error) {
    deps.logger.warn(
      { action: action.name, err: error instanceof Error ? error.message : String(error) },
      'flow action failed',
    );
    return failed;
  }
}

interface OpenTurn {
  session: Session | null;
  /** The patient behind the contact, when this turn or an earlier one of the conversation resolved it. */
  knownPatient(): KnownPatient | undefined;
  deferred: (() => Promise<void>)[];
  actionContext(now: Date): ActionContext;
  persist(session: Session): Promise<void>;
}

/**
 * The session the gateway stored (SMS/WhatsApp: the locked database row; USSD: the live session), with
 * the contact facts refreshed from the cache whenever a new conversation starts, so consent given over
 * USSD counts over SMS and a returning patient is not asked again.
 */
async function openTurn(
  deps: FlowHandlerDeps,
  message: ConversationMessage,
  state: Record<string, unknown> | undefined,
  isStateOwn: boolean,
): Promise<OpenTurn> {
  let session: Session | null = null;
  let carriedPatient: KnownPatient | undefined;
  if (state && isStateOwn) {
    session = stripGatewayKeys(state) as Session;
    // A copy: actions update the patient in place, and the state it came from may be written again.
    const own = state['patient'] as KnownPatient | undefined;
    carriedPatient = own && { ...own };
  } else if (state) {
    const stored = sessionSchema.safeParse(stripGatewayKeys(state));
    if (stored.success) session = stored.data;
    const patientInState = knownPatientSchema.safeParse(state['patient']);
    if (patientInState.success) carriedPatient = patientInState.data;
  }
  const address = message.contactAddress;
  const identityKind = deps.identityKindOf(message.channel);
  const isNewConversation = session === null || session.waiting === null;
  let cached: CachedContact | undefined = isNewConversation ? await loadCachedContact(deps.kv, address) : undefined;
  const isCacheMissing = isNewConversation && !cached;
  // Mid-conversation the patient comes with the state: the conversation's first turn resolved it.
  let patient: KnownPatient | undefined = cached?.patient ?? (isNewConversation ? undefined : carriedPatient);
  let isForgotten = false;
  // What the contact cache held when the turn opened: persist writes it back only when it changed.
  let openingContact: Record<string, unknown> = {};
  let baseline = '';
  const resolve = async (): Promise<KnownPatient> => {
    if (!patient && !isNewConversation) {
      // Mid-conversation the patient id is in the contact cache the conversation's first turn filled.
      patient = (await loadCachedContact(deps.kv, address))?.patient;
      if (patient) baseline = snapshot(openingContact, patient);
    }
    patient ??= await resolveKnownPatient(deps.api, {
      kind: identityKind,
      address,
      channel: message.channel,
      lang: session?.contact['lang'],
    });
    return patient;
  };
  if (isCacheMissing) {
    try {
      cached = { contact: contactFactsOf(await resolve()) };
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'contact facts unavailable');
    }
  }
  if (cached)
    session = session
      ? { ...session, contact: { ...session.contact, ...cached.contact } }
      : createSession({ ...cached.contact });
  openingContact = session?.contact ?? {};
  baseline = snapshot(openingContact, patient);
  const deferred: (() => Promise<void>)[] = [];
  return {
    session,
    deferred,
    knownPatient: () => patient,
    actionContext: (now) => ({
      api: deps.api,
      channel: message.channel,
      identityKind,
      contactAddress: address,
      pushChannel: message.kind === 'ussd' ? deps.smsChannel : message.channel,
      now,
      patient: resolve,
      async afterCommit(work) {
        if (message.kind === 'ussd') await work();
        else deferred.push(work);
      },
      async forgetPatient() {
        isForgotten = true;
        patient = undefined;
      },
      onAppointmentChanged: (id) => deps.onAppointmentChanged?.(id),
    }),
    async persist(after) {
      if (isForgotten) return forgetCachedContact(deps.kv, address);
      if (snapshot(after.contact, patient) !== baseline || isCacheMissing)
        await saveCachedContact(deps.kv, address, { contact: after.contact, patient }, deps.contactTtlSeconds);
    },
  };
}

const snapshot = (contact: Record<string, unknown>, patient: KnownPatient | undefined) =>
  JSON.stringify({ contact, patient });

/** The gateway's own keys (the language it reads for its resume offer, the patient) are not the engine's. */
function stripGatewayKeys(state: Record<string, unknown>): Record<string, unknown> {
  const { lang: _lang, patient: _patient, ...rest } = state;
  return rest;
}
