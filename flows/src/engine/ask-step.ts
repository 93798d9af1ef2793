import type { AskStep, JsonValue } from './definition.schemas';
import { matchChoice, matchYesNo, parseNumberAnswer } from './match-answer';
import type { EffectChoice, MessageEvent } from './session.schemas';
import { scopeOf } from './turn';
import type { Turn } from './turn';
import { readPath, renderMessage } from './variables';

interface BuiltChoice extends EffectChoice {
  value: JsonValue;
  next?: string;
}

export function emitAsk(turn: Turn, step: AskStep): void {
  const choices = buildChoices(turn, step).map(({ id, label }) => ({ id, label }));
  turn.effects.push({
    type: 'ask',
    text: renderMessage(turn.bundle, step.text, scopeOf(turn)),
    inputKind: step.input.kind,
    choices,
    canGoBack: canGoBack(turn, step),
  });
}

export function canGoBack(turn: Turn, step: AskStep): boolean {
  return step.back !== false && turn.session.history.length > 0;
}

/** Dynamic options (from a list variable) first, then the static ones, numbered in that order. */
function buildChoices(turn: Turn, step: AskStep): BuiltChoice[] {
  const scope = scopeOf(turn);
  const input = step.input;
  if (input.kind === 'yesno') {
    return [
      { id: 'yes', label: renderMessage(turn.bundle, 'system.yes', scope), value: true, next: input.yes },
      { id: 'no', label: renderMessage(turn.bundle, 'system.no', scope), value: false, next: input.no },
    ];
  }
  if (input.kind !== 'choice') return [];
  const items = input.from ? readPath(scope, input.from) : undefined;
  const dynamic: BuiltChoice[] = (Array.isArray(items) ? items : []).map((item, index) => ({
    id: itemId(item, index),
    label: input.optionLabel ? renderMessage(turn.bundle, input.optionLabel, { ...scope, item }) : itemId(item, index),
    value: item,
  }));
  const fixed: BuiltChoice[] = (input.options ?? []).map((option) => ({
    id: option.id,
    label: renderMessage(turn.bundle, option.label, scope),
    value: option.value ?? option.id,
    next: option.next,
  }));
  return [...dynamic, ...fixed];
}

function itemId(item: JsonValue, index: number): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item) && typeof item['id'] === 'string')
    return item['id'];
  return String(index + 1);
}

export type ParsedAnswer = { ok: true; value: JsonValue; next: string | undefined } | { ok: false };

export function parseAnswer(turn: Turn, step: AskStep, event: MessageEvent): ParsedAnswer {
  const words = turn.bundle.settings.answerWords;
  const input = step.input;
  const text = (event.text ?? '').trim();
  switch (input.kind) {
    case 'choice': {
      const choices = buildChoices(turn, step);
      const chosen = matchChoice(event, choices, words);
      const built = choices.find((choice) => choice.id === chosen?.id);
      return built ? { ok: true, value: built.value, next: built.next ?? step.next } : { ok: false };
    }
    case 'yesno': {
      const answer = matchYesNo(event, buildChoices(turn, step), words);
      if (answer === undefined) return { ok: false };
      return { ok: true, value: answer, next: (answer ? input.yes : input.no) ?? step.next };
    }
    case 'number': {
      const value = parseNumberAnswer(text, words);
      return value !== undefined && value >= input.min && value <= input.max
        ? { ok: true, value, next: step.next }
        : { ok: false };
    }
    case 'text': {
      const isValid = text.length >= (input.minLength ?? 1) && text.length <= (input.maxLength ?? 500);
      return isValid ? { ok: true, value: text, next: step.next } : { ok: false };
    }
    case 'location': {
      if (event.location) {
        const { lat, lon, label } = event.location;
        return { ok: true, value: label ? { lat, lon, label } : { lat, lon }, next: step.next };
      }
      // A typed place name is accepted too: not every phone can share a pin.
      return text.length >= 2 ? { ok: true, value: { query: text }, next: step.next } : { ok: false };
    }
  }
}
