import { findActionContract } from './action-contracts';
import { canGoBack, emitAsk, parseAnswer } from './ask-step';
import { cloneJson, cloneSession } from './clone-session';
import type { FlowBundle, JsonValue, Keyword } from './definition.schemas';
import { matchChoice, normalizeAnswer } from './match-answer';
import { endConversation, resetConversation, runFrom, startOf } from './run-steps';
import { createSession } from './session.schemas';
import type {
  ActionResultEvent,
  EngineEvent,
  EngineOptions,
  MessageEvent,
  Session,
  StepResult,
} from './session.schemas';
import { hasConsented, say, scopeOf } from './turn';
import type { Turn } from './turn';
import { renderMessage, writePath } from './variables';

/**
 * The whole engine: `(definitions, session, event, now) -> { session, effects }`. Pure and deterministic:
 * no I/O, no clock but `now`, the input session is never mutated unless the caller hands it over.
 */
export function stepFlow(
  bundle: FlowBundle,
  session: Session | null,
  event: EngineEvent,
  now: Date,
  options: EngineOptions,
): StepResult {
  const working = session && options.handsOverSession ? session : cloneSession(session ?? createSession());
  const turn: Turn = { bundle, session: working, effects: [] };
  turn.session.turn += 1;
  if (event.kind === 'actionResult') handleActionResult(turn, event);
  else handleMessage(turn, event, now, options);
  return { session: turn.session, effects: turn.effects };
}

function handleMessage(turn: Turn, event: MessageEvent, now: Date, options: EngineOptions): void {
  const { session, bundle } = turn;
  const lastActivityAt = session.lastActivityAt;
  session.lastActivityAt = now.toISOString();
  session.channelKind = event.channelKind;
  const word = event.channelKind === 'ussd' ? undefined : findKeyword(bundle, event.text);
  // "Move it" answers the pending question even though MOVE is also a keyword; STOP always stops.
  const keyword = word && !word.always && isAnswerToPendingChoice(turn, event) ? undefined : word;

  const isNewConversation = session.waiting === null;
  const isWayBackIn = keyword?.flow === bundle.settings.optedOutUssdFlow;
  if (session.contact['optedOut'] === true && isNewConversation && !isWayBackIn) {
    // After STOP, SMS and WhatsApp stay silent; a USSD dial is an explicit request and gets the way back in.
    if (event.channelKind === 'ussd') restartAt(turn, bundle.settings.optedOutUssdFlow);
    return;
  }
  if (keyword) return handleKeyword(turn, keyword);
  if (session.waiting === null) return restartAt(turn, bundle.settings.entryFlow);

  const isStale = lastActivityAt !== null && now.getTime() - Date.parse(lastActivityAt) > options.conversationTimeoutMs;
  if (isStale) return offerResume(turn);
  if (session.waiting.kind === 'resume') return handleResumeAnswer(turn, event);
  if (session.waiting.kind === 'action') return;
  handleAnswer(turn, event, session.waiting.attempts);
}

function handleAnswer(turn: Turn, event: MessageEvent, attempts: number): void {
  const { session, bundle } = turn;
  const step = session.flowId && session.stepId ? bundle.flows.get(session.flowId)?.steps[session.stepId] : undefined;
  if (step?.type !== 'ask' || session.flowId === null || session.stepId === null)
    return restartAt(turn, bundle.settings.entryFlow);
  const text = event.text ?? '';
  if (text.trim() === '' && !event.replyId && !event.location) {
    // A USSD re-dial (or an empty message) shows the pending question again without counting a mistake.
    emitAsk(turn, step);
    return;
  }
  if (canGoBack(turn, step) && isBackRequest(turn, text, step.input.kind === 'number' && step.input.min <= 0)) {
    const previous = session.history.pop();
    if (previous) {
      session.stack = previous.stack;
      return runFrom(turn, previous);
    }
  }
  const answer = parseAnswer(turn, step, event);
  if (!answer.ok) {
    if (attempts + 1 >= bundle.settings.maxInvalidAnswers) {
      say(turn, 'system.too_many_invalid');
      if (!hasConsented(session)) return restartAt(turn, bundle.settings.entryFlow);
      // Keep the variables: the patient's emergency number and hotline must stay on hand after the fallback.
      session.stack = [];
      session.history = [];
      return runFrom(turn, startOf(bundle, bundle.settings.menuFlow));
    }
    say(turn, step.hint ?? `system.invalid_${step.input.kind}`);
    emitAsk(turn, step);
    session.waiting = { kind: 'answer', attempts: attempts + 1 };
    return;
  }
  if (step.store) writePath(session, step.store, answer.value);
  session.history.push({ flowId: session.flowId, stepId: session.stepId, stack: cloneJson(session.stack) });
  if (session.history.length > 20) session.history.shift();
  if (answer.next === undefined) return endConversation(turn);
  runFrom(turn, { flowId: session.flowId, stepId: answer.next });
}

function isBackRequest(turn: Turn, text: string, zeroIsAnAnswer: boolean): boolean {
  const normalized = normalizeAnswer(text);
  if (normalized === '0') return !zeroIsAnAnswer;
  if (turn.session.channelKind === 'ussd') return false;
  return turn.bundle.settings.backWords.some((word) => normalizeAnswer(word) === normalized);
}

function handleKeyword(turn: Turn, keyword: Keyword): void {
  const { session, bundle } = turn;
  if (keyword.requiresConsent && !hasConsented(session)) return restartAt(turn, bundle.settings.entryFlow);
  const pending = session.flowId !== null && session.stepId !== null && session.waiting?.kind === 'answer';
  if (keyword.mode === 'subflow' && pending && session.flowId !== null && session.stepId !== null) {
    // HELP or LANGUAGE in the middle of a question: answer it, then ask the same question again.
    session.stack.push({ flowId: session.flowId, stepId: session.stepId });
    return runFrom(turn, startOf(bundle, keyword.flow, keyword.step));
  }
  resetConversation(session);
  runFrom(turn, startOf(bundle, keyword.flow, keyword.step));
}

function isAnswerToPendingChoice(turn: Turn, event: MessageEvent): boolean {
  const { session, bundle } = turn;
  if (session.waiting?.kind !== 'answer' || session.flowId === null || session.stepId === null) return false;
  const step = bundle.flows.get(session.flowId)?.steps[session.stepId];
  if (step?.type !== 'ask' || (step.input.kind !== 'choice' && step.input.kind !== 'yesno')) return false;
  return parseAnswer(turn, step, event).ok;
}

function findKeyword(bundle: FlowBundle, text: string | undefined): Keyword | undefined {
  const normalized = normalizeAnswer(text ?? '');
  if (normalized === '') return undefined;
  return bundle.settings.keywords.find((keyword) => keyword.words.some((word) => normalizeAnswer(word) === normalized));
}

function offerResume(turn: Turn): void {
  turn.session.waiting = { kind: 'resume' };
  turn.effects.push({
    type: 'ask',
    text: renderMessage(turn.bundle, 'system.resume_prompt', scopeOf(turn)),
    inputKind: 'choice',
    choices: resumeChoices(turn),
    canGoBack: false,
  });
}

function resumeChoices(turn: Turn) {
  const scope = scopeOf(turn);
  return [
    { id: 'resume', label: renderMessage(turn.bundle, 'system.resume_continue', scope) },
    { id: 'restart', label: renderMessage(turn.bundle, 'system.resume_restart', scope) },
  ];
}

function handleResumeAnswer(turn: Turn, event: MessageEvent): void {
  const { session, bundle } = turn;
  const choice = matchChoice(event, resumeChoices(turn), bundle.settings.answerWords);
  if (choice?.id === 'resume' && session.flowId !== null && session.stepId !== null) {
    return runFrom(turn, { flowId: session.flowId, stepId: session.stepId });
  }
  if (choice?.id === 'restart' || choice?.id === 'resume') return restartAt(turn, bundle.settings.entryFlow);
  say(turn, 'system.invalid_choice');
  offerResume(turn);
}

function restartAt(turn: Turn, flowId: string): void {
  resetConversation(turn.session);
  runFrom(turn, startOf(turn.bundle, flowId));
}

function handleActionResult(turn: Turn, event: ActionResultEvent): void {
  const { session, bundle } = turn;
  const waiting = session.waiting;
  // A late or duplicate result for an action the conversation no longer waits for changes nothing.
  if (waiting?.kind !== 'action' || waiting.name !== event.name || waiting.key !== event.key) return;
  const step = session.flowId && session.stepId ? bundle.flows.get(session.flowId)?.steps[session.stepId] : undefined;
  const contract = findActionContract(event.name);
  if (step?.type !== 'action' || !contract || session.flowId === null) return;
  session.waiting = null;
  const output = event.ok ? contract.output.safeParse(event.output) : undefined;
  if (!output?.success) return runFrom(turn, { flowId: session.flowId, stepId: step.onFailure });
  // Action contracts are JSON-shaped (a test holds them to it), so the checked output is stored as it is.
  if (step.store) writePath(session, step.store, output.data as JsonValue);
  runFrom(turn, { flowId: session.flowId, stepId: step.next });
}
