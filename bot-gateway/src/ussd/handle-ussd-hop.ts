import { paginateUssd } from '@medlink/flows/ussd/paginate-ussd';
import type { Db } from '@medlink/platform/db';
import { ussdHopId } from '../channels/africastalking-ussd/parse';
import type { InboundMessage, OutboundContent } from '../channels/types';
import {
  languageOf,
  type ConversationHandler,
  type ConversationLanguage,
  type ConversationState,
} from '../conversations/conversation-handler';
import { paginateUssdScreen, USSD_BACK_INPUT, USSD_NEXT_INPUT } from './paginate-ussd-screen';
import { findUssdHopScreens, type UssdHopLog } from './ussd-hops.repository';
import { isFinalScreen, type UssdResumePoint, type UssdScreen, type UssdSession } from './ussd-session';
import type { ResumeWrite, UssdSessionStore, VersionedUssdSession } from './ussd-session-store';

export interface UssdHopDeps {
  db: Db;
  sessions: UssdSessionStore;
  hopLog: UssdHopLog;
  handler: ConversationHandler;
  clock: () => Date;
  resumeWindowSeconds: number;
}

export interface UssdHopAnswer {
  /** The `CON ...`/`END ...` text for Africa's Talking. */
  response: string;
  isDuplicate: boolean;
}

const RESUME_OFFER: Record<ConversationLanguage, OutboundContent> = {
  fr: {
    text: 'MedLink: reprendre là où vous étiez ?',
    choices: [
      { id: 'continue', label: 'Continuer' },
      { id: 'restart', label: 'Recommencer' },
    ],
  },
  en: {
    text: 'MedLink: pick up where you left off?',
    choices: [
      { id: 'continue', label: 'Continue' },
      { id: 'restart', label: 'Start again' },
    ],
  },
};

/** Conditional writes lost to another gateway answering the same session before this one gives up. */
const MAX_ATTEMPTS = 3;

/**
 * One USSD hop: the answer is the next screen. A repeated hop (same session, same input count) gets the
 * screen stored the first time and runs nothing. "98"/"0" page within the current screen and never reach
 * the conversation. A new session within the resume window is first offered "1. Continue / 2. Start
 * again"; a dial that already carries inputs (`*384*1234*1#` sends text "1") runs them from the menu.
 */
export async function handleUssdHop(deps: UssdHopDeps, message: InboundMessage): Promise<UssdHopAnswer> {
  const sessionId = sessionIdOf(message);
  const inputs = message.ussd?.inputs ?? [];
  const hopId = message.providerMessageId;
  let known = followsCachedHop(deps.sessions.cached(sessionId), hopId, ussdHopId(sessionId, inputs.length - 1));
  let resume: UssdResumePoint | undefined;
  if (!known) {
    const asksResume = inputs.length === 0 && deps.resumeWindowSeconds > 0;
    ({ current: known, resume } = await deps.sessions.load(sessionId, asksResume ? message.contactAddress : undefined));
  }
  for (let attempt = 1; ; attempt += 1) {
    if (known?.session.lastHop === hopId) return { response: toResponse(known.session.screen), isDuplicate: true };
    let next: UssdSession;
    if (known) next = await continueSession(deps, message, known.session);
    else {
      const opening = await openSession(deps, message, resume);
      if (opening.duplicateOf !== undefined) return { response: opening.duplicateOf, isDuplicate: true };
      next = opening.session;
    }
    const response = toResponse(next.screen);
    const outcome = await deps.sessions.save(
      sessionId,
      known?.version ?? 0,
      { ...next, lastHop: hopId },
      message.contactAddress,
      resumeWriteFor(next, deps.resumeWindowSeconds),
    );
    if (outcome.saved || attempt === MAX_ATTEMPTS) {
      if (outcome.saved) await deps.hopLog.append(message, response);
      return { response, isDuplicate: false };
    }
    // Another gateway answered this session in between: start again from what it stored.
    known = outcome.current;
  }
}

const sessionIdOf = (message: InboundMessage) => message.ussd?.sessionId ?? message.providerMessageId;

/** The session this process wrote, when this hop follows it (or repeats it); otherwise read the store. */
function followsCachedHop(
  cached: VersionedUssdSession | undefined,
  hopId: string,
  previousHopId: string,
): VersionedUssdSession | undefined {
  const lastHop = cached?.session.lastHop;
  return lastHop === previousHopId || lastHop === hopId ? cached : undefined;
}

function resumeWriteFor(session: UssdSession, windowSeconds: number): ResumeWrite {
  if (session.mode !== 'flow' || windowSeconds <= 0) return { kind: 'keep' };
  // A screen that ends the flow (an emergency result paged in two, say) is not a session to resume.
  if (session.screen.endsSession) return { kind: 'forget' };
  return { kind: 'set', ttlSeconds: windowSeconds };
}

/**
 * A hop with no live session. A first hop opens one (or offers to resume). A hop with inputs is a dial with
 * them already in it, unless the store may have lost sessions lately (then the hop log tells): a repeat of
 * a logged hop, or a session whose previous hop is logged, which starts again, with the resume offer,
 * rather than replay inputs that had consequences.
 */
async function openSession(
  deps: UssdHopDeps,
  message: InboundMessage,
  resume: UssdResumePoint | undefined,
): Promise<{ session: UssdSession; duplicateOf?: undefined } | { duplicateOf: string }> {
  const inputs = message.ussd?.inputs ?? [];
  if (inputs.length === 0) return { session: await startSession(deps, message, resume) };
  if (!deps.sessions.mayHaveLostSessions()) return { session: await dialWithInputs(deps, message, inputs) };
  const sessionId = sessionIdOf(message);
  const previousHopId = ussdHopId(sessionId, inputs.length - 1);
  const logged = await findUssdHopScreens(deps.db, [message.providerMessageId, previousHopId]);
  const screen = logged.get(message.providerMessageId);
  if (screen !== undefined) return { duplicateOf: screen };
  if (logged.has(previousHopId)) {
    const lostSessionResume =
      deps.resumeWindowSeconds > 0 ? (await deps.sessions.load(sessionId, message.contactAddress)).resume : undefined;
    return { session: await startSession(deps, message, lostSessionResume) };
  }
  return { session: await dialWithInputs(deps, message, inputs) };
}

/** `*384*1234*1*2#`: the menu, then each input in turn, as if typed one screen at a time. */
async function dialWithInputs(deps: UssdHopDeps, message: InboundMessage, inputs: string[]): Promise<UssdSession> {
  const sessionId = sessionIdOf(message);
  const hop = (index: number, text: string): InboundMessage => ({
    ...message,
    providerMessageId: ussdHopId(sessionId, index),
    text,
  });
  let session = await runConversation(deps, hop(0, ''), undefined, '');
  // A first contact starts on language and consent, not the menu: the dialled inputs were meant for the menu.
  if (!session.state || !statesAtMainMenu.has(session.state)) return session;
  for (const [index, input] of inputs.entries()) {
    if (isFinalScreen(session.screen)) break;
    session = await continueSession(deps, hop(index + 1, input), session);
  }
  return session;
}

async function startSession(
  deps: UssdHopDeps,
  message: InboundMessage,
  resume: UssdResumePoint | undefined,
): Promise<UssdSession> {
  if (resume) {
    const offer = toScreen(RESUME_OFFER[languageOf(resume.state)], languageOf(resume.state));
    return { phone: message.contactAddress, mode: 'resume-offer', state: resume.state, screen: offer, saved: resume };
  }
  return runConversation(deps, message, undefined, '');
}

async function continueSession(deps: UssdHopDeps, message: InboundMessage, session: UssdSession): Promise<UssdSession> {
  const input = (message.text ?? '').trim();
  if (session.mode === 'resume-offer') {
    if (input === '1' && session.saved)
      return { phone: session.phone, mode: 'flow', state: session.saved.state, screen: session.saved.screen };
    if (input === '2') return runConversation(deps, message, undefined, '');
    return session;
  }
  const { screen } = session;
  if (input === USSD_NEXT_INPUT && screen.page < screen.pages.length - 1)
    return { ...session, screen: { ...screen, page: screen.page + 1 } };
  if (input === USSD_BACK_INPUT && screen.page > 0) return { ...session, screen: { ...screen, page: screen.page - 1 } };
  return runConversation(deps, message, session.state, input);
}

/** States the handler returned here, as opposed to states read back from the session store. */
const statesFromThisProcess = new WeakSet<ConversationState>();
/** States the handler said are on the main menu. */
const statesAtMainMenu = new WeakSet<ConversationState>();

async function runConversation(
  deps: UssdHopDeps,
  message: InboundMessage,
  state: ConversationState | undefined,
  text: string,
): Promise<UssdSession> {
  const result = await deps.handler.handle(
    {
      messageId: message.providerMessageId,
      channel: 'africastalking-ussd',
      kind: 'ussd',
      contactAddress: message.contactAddress,
      text,
      receivedAt: message.receivedAt,
    },
    { now: deps.clock(), state, isStateOwn: state !== undefined && statesFromThisProcess.has(state) },
  );
  statesFromThisProcess.add(result.state);
  if (result.atMainMenu) statesAtMainMenu.add(result.state);
  const content = mergeOutputs(result.outputs);
  const lang = languageOf(result.state);
  const screen = result.ussdScreen
    ? {
        pages: paginateUssd(result.ussdScreen).pages.map((page) => page.text),
        page: 0,
        endsSession: result.ussdScreen.endsSession,
      }
    : toScreen(content, lang);
  return { phone: message.contactAddress, mode: 'flow', state: result.state, screen };
}

/** USSD shows one screen per hop: several outputs are read as one, the last one's choices and ending win. */
function mergeOutputs(outputs: OutboundContent[]): OutboundContent {
  const last = outputs.at(-1);
  if (!last) return { text: 'MedLink', endsSession: true };
  const text = outputs
    .map((output) => output.text)
    .filter((part) => part !== '')
    .join('\n');
  return {
    text,
    ...(last.choices ? { choices: last.choices } : {}),
    ...(last.endsSession ? { endsSession: true } : {}),
  };
}

function toScreen(content: OutboundContent, lang: ConversationLanguage): UssdScreen {
  return { pages: paginateUssdScreen(content, lang), page: 0, endsSession: content.endsSession === true };
}

function toResponse(screen: UssdScreen): string {
  return `${isFinalScreen(screen) ? 'END' : 'CON'} ${screen.pages[screen.page] ?? ''}`;
}
