import type { FlowBundle } from './definition.schemas';
import type { Effect, Session } from './session.schemas';
import { renderMessage } from './variables';
import type { Scope } from './variables';

/** One call of the engine: the definitions, the session being changed, and the effects so far. */
export interface Turn {
  bundle: FlowBundle;
  session: Session;
  effects: Effect[];
}

export function scopeOf(turn: Turn): Scope {
  return { session: turn.session, lang: languageOf(turn.bundle, turn.session), channel: turn.session.channelKind };
}

export function languageOf(bundle: FlowBundle, session: Session): string {
  const chosen = session.contact['lang'];
  return typeof chosen === 'string' && bundle.settings.languages.includes(chosen)
    ? chosen
    : bundle.settings.defaultLanguage;
}

export function hasConsented(session: Session): boolean {
  return typeof session.contact['consentVersion'] === 'string';
}

export function say(turn: Turn, key: string): void {
  turn.effects.push({ type: 'say', text: renderMessage(turn.bundle, key, scopeOf(turn)) });
}
