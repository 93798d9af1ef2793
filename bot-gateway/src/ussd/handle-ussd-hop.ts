import { paginateUssd } from '@medlink/flows/ussd/paginate-ussd';
import type { Db } from '@medlink/platform/db';
import type { InboundMessage, OutboundContent } from '../channels/types';
import {
  languageOf,
  type ConversationHandler,
  type ConversationLanguage,
  type ConversationState,
} from '../conversations/conversation-handler';
import type { KeyValueStore } from '../conversations/key-value-store';
import { paginateUssdScreen, USSD_BACK_INPUT, USSD_NEXT_INPUT } from './paginate-ussd-screen';
import { findUssdHopScreen, insertUssdHopBatched } from './ussd-hops.repository';
import {
  forgetResumePoint,
  loadResumePoint,
  loadUssdSession,
  saveResumePoint,
  saveUssdSession,
  type UssdResumePoint,
  type UssdScreen,
  type UssdSession,
} from './ussd-session';

export interface UssdHopDeps {
  db: Db;
  kv: KeyValueStore;
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

/**
 * One USSD hop: the answer is the next screen. A repeated hop (same session, same input count)
 * gets the screen stored the first time and runs nothing. "98"/"0" page within the current
 * screen and never reach the conversation. A new session within the resume window is first
 * offered "1. Continue / 2. Start again".
 */
export async function handleUssdHop(deps: UssdHopDeps, message: InboundMessage): Promise<UssdHopAnswer> {
  const sessionId = message.ussd?.sessionId ?? message.providerMessageId;
  const phone = message.contactAddress;
  // The resume point matters only when no session is live: read with the session (one pipelined round
  // trip) on a session's first hop, after it on a later hop that found none. The hop log in PostgreSQL
  // is read only when Redis cannot answer.
  const loadResume = () =>
    deps.resumeWindowSeconds > 0 ? loadResumePoint(deps.kv, phone) : Promise.resolve(undefined);
  const isFirstHop = (message.ussd?.inputs.length ?? 0) === 0;
  const [current, resumeWithSession] = await Promise.all([
    loadUssdSession(deps.kv, sessionId),
    isFirstHop ? loadResume() : Promise.resolve(undefined),
  ]);
  const resume = current || isFirstHop ? resumeWithSession : await loadResume();
  if (current?.lastHop === message.providerMessageId && current.lastResponse)
    return { response: current.lastResponse, isDuplicate: true };
  if (!current || current.lastHop === undefined) {
    const stored = await findUssdHopScreen(deps.db, message.providerMessageId);
    if (stored !== undefined) return { response: stored, isDuplicate: true };
  }
  const next = current ? await continueSession(deps, message, current) : await startSession(deps, message, resume);

  const response = toResponse(next.screen);
  if (!(await insertUssdHopBatched(deps.db, message, response))) {
    return { response: (await findUssdHopScreen(deps.db, message.providerMessageId)) ?? response, isDuplicate: true };
  }
  const writes: Promise<void>[] = [
    saveUssdSession(deps.kv, sessionId, { ...next, lastHop: message.providerMessageId, lastResponse: response }),
  ];
  if (next.mode === 'flow') {
    const ended = next.screen.endsSession && next.screen.page === next.screen.pages.length - 1;
    if (ended) writes.push(forgetResumePoint(deps.kv, phone));
    else
      writes.push(
        saveResumePoint(deps.kv, phone, { state: next.state, screen: next.screen }, deps.resumeWindowSeconds),
      );
  }
  await Promise.all(writes);
  return { response, isDuplicate: false };
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
    { now: deps.clock(), state },
  );
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
  const isLast = screen.page === screen.pages.length - 1;
  return `${screen.endsSession && isLast ? 'END' : 'CON'} ${screen.pages[screen.page] ?? ''}`;
}
