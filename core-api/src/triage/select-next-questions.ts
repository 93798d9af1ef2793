import { levelOf, type PatientContext } from './evaluate-rules';
import { findingOf, levelRank, type Lang, type Level } from './protocol/findings-vocabulary';
import type { TriageProtocol, TriageQuestion } from './protocol/triage-protocol';

export interface NextQuestion {
  id: string;
  findingCodes: string[];
  text: string;
}

export interface QuestionState {
  patient: PatientContext;
  /** Findings taken as present. */
  established: ReadonlySet<string>;
  /** Codes with an answer (true or false). */
  answered: ReadonlySet<string>;
  /** Present findings plus what the free text suggests: they open follow-up questions. */
  triggers: ReadonlySet<string>;
  level: Level;
}

/**
 * Confirmation questions for what the free text claimed first (highest level first), then the
 * protocol's questions, danger signs first. A question is asked only while a yes to one of its
 * findings would raise the level, so an empty list means the level is final.
 */
export function selectNextQuestions(
  protocol: TriageProtocol,
  state: QuestionState,
  unconfirmed: readonly string[],
  lang: Lang,
): NextQuestion[] {
  // One working set for every "what if yes": a code is added, the level read, the code taken out again (this
  // runs for every candidate finding on every hop of a triage, and a set per candidate was most of its garbage).
  const present = new Set(state.established);
  const levels = new Map<string, Level>();
  const levelIfYes = (code: string): Level => {
    let level = levels.get(code);
    if (level !== undefined) return level;
    if (present.has(code)) level = levelOf(protocol, state.patient, present);
    else {
      present.add(code);
      level = levelOf(protocol, state.patient, present);
      present.delete(code);
    }
    levels.set(code, level);
    return level;
  };
  const confirmations = [...unconfirmed]
    .map((code, index) => ({ code, index, rank: levelRank(levelIfYes(code)) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ code }) => ({
      id: `confirm.${code}`,
      findingCodes: [code],
      text: `${protocol.advice.confirmPrefix[lang]} ${findingOf(code)[lang]}${lang === 'fr' ? ' ?' : '?'}`,
    }));
  const confirming = new Set(unconfirmed);
  const currentRank = levelRank(state.level);
  const pending = protocol.questions.filter((question) => {
    if (!appliesTo(question, state)) return false;
    if (question.findingCodes.every((code) => confirming.has(code))) return false;
    const isAnswered =
      question.findingCodes.some((code) => state.established.has(code)) ||
      question.findingCodes.every((code) => state.answered.has(code));
    if (isAnswered) return false;
    return question.findingCodes.some((code) => !state.answered.has(code) && levelRank(levelIfYes(code)) > currentRank);
  });
  const ordered = [
    ...pending.filter((question) => question.kind === 'danger'),
    ...pending.filter((question) => question.kind === 'detail'),
  ];
  return [
    ...confirmations,
    ...ordered.map((question) => ({ id: question.id, findingCodes: question.findingCodes, text: question[lang] })),
  ];
}

function appliesTo(question: TriageQuestion, state: QuestionState): boolean {
  if (question.ageGroups && !question.ageGroups.includes(state.patient.ageGroup)) return false;
  if (question.pregnant && !state.patient.isPregnant) return false;
  if (question.askWhen && !question.askWhen.some((code) => state.triggers.has(code))) return false;
  const groups = question.askWhenGroup;
  if (!groups) return true;
  for (const code of state.triggers) if (groups.includes(findingOf(code).group)) return true;
  return false;
}
