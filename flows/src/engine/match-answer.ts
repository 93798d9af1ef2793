import type { FlowSettings } from './definition.schemas';
import type { EffectChoice } from './session.schemas';

/** Lower case, no accents, punctuation as spaces: "ARRÊT" -> "arret", "Oui !" -> "oui". */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type AnswerWords = FlowSettings['answerWords'];

/** "3", "trois", "three" -> 3; anything else -> undefined. */
export function parseNumberAnswer(text: string, words: AnswerWords): number | undefined {
  const normalized = normalizeAnswer(text);
  if (/^\d+$/.test(normalized)) return Number(normalized);
  const decimal = text.trim().replace(',', '.');
  if (/^-?\d+(\.\d+)?$/.test(decimal)) return Number(decimal);
  const fromWord = Object.entries(words.numbers).find(([word]) => normalizeAnswer(word) === normalized);
  return fromWord?.[1];
}

/**
 * The option a free answer means: its reply id, its number (digits or words), its label, or a prefix of
 * exactly one label. Ambiguous or unknown answers match nothing, so the question is asked again.
 */
export function matchChoice(
  answer: { text?: string; replyId?: string },
  choices: readonly EffectChoice[],
  words: AnswerWords,
): EffectChoice | undefined {
  if (answer.replyId) {
    const byId = choices.find((choice) => choice.id === answer.replyId);
    if (byId) return byId;
  }
  const text = answer.text ?? '';
  const normalized = normalizeAnswer(text);
  if (normalized === '') return undefined;
  const number = parseNumberAnswer(text, words);
  if (number !== undefined) return Number.isInteger(number) ? choices[number - 1] : undefined;
  const labels = choices.map((choice) => ({ choice, label: normalizeAnswer(choice.label) }));
  const exact = labels.find(({ label }) => label === normalized);
  if (exact) return exact.choice;
  if (normalized.length < 2) return undefined;
  const prefixed = labels.filter(({ label }) => label.startsWith(normalized));
  if (prefixed.length === 1) return prefixed[0]?.choice;
  if (prefixed.length > 1 || normalized.length < 3) return undefined;
  const byWord = labels.filter(({ label }) => label.split(' ').some((word) => word.startsWith(normalized)));
  return byWord.length === 1 ? byWord[0]?.choice : undefined;
}

/** yes/no from "oui", "o", "yes", "y", "1" (the first option), "non", "n", "2", the labels, or a reply id. */
export function matchYesNo(
  answer: { text?: string; replyId?: string },
  choices: readonly EffectChoice[],
  words: AnswerWords,
): boolean | undefined {
  if (answer.replyId === 'yes') return true;
  if (answer.replyId === 'no') return false;
  const normalized = normalizeAnswer(answer.text ?? '');
  if (words.yes.some((word) => normalizeAnswer(word) === normalized)) return true;
  if (words.no.some((word) => normalizeAnswer(word) === normalized)) return false;
  const choice = matchChoice(answer, choices, words);
  return choice === undefined ? undefined : choice.id === 'yes';
}
