'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { isMessageKey, messagesFor, translate, type Lang, type MessageKey } from './messages';

interface I18n {
  lang: Lang;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** For keys built from data (a channel id, a status): falls back to the raw value. */
  tr: (key: string, fallback: string) => string;
  formatDateTime: (iso: string) => string;
  formatTime: (iso: string) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ lang, timeZone, children }: { lang: Lang; timeZone?: string; children: ReactNode }) {
  const value = useMemo<I18n>(() => {
    const messages = messagesFor(lang);
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
    return {
      lang,
      t: (key, values) => translate(messages, key, values),
      tr: (key, fallback) => (isMessageKey(key) ? translate(messages, key) : fallback),
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
      formatTime: (iso) => time.format(new Date(iso)),
    };
  }, [lang, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
