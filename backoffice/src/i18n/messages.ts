import en from '../../messages/en.json';
import fr from '../../messages/fr.json';

export type Lang = 'fr' | 'en';
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const catalogs: Record<Lang, Messages> = { en, fr };

export function messagesFor(lang: Lang): Messages {
  return catalogs[lang];
}

export function parseLang(value: string | undefined): Lang {
  return value === 'en' ? 'en' : 'fr';
}

/** `{name}` placeholders; a missing value leaves the placeholder visible rather than hiding the gap. */
export function translate(messages: Messages, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
