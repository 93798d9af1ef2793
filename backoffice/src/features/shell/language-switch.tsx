'use client';

import { useI18n } from '../../i18n/i18n-provider';

/** A form post, so switching works without scripts; the label is in the other language on purpose. */
export function LanguageSwitch({ next }: { next: string }) {
  const { t, lang } = useI18n();
  const other = lang === 'fr' ? 'en' : 'fr';
  return (
    <form method="post" action="/bff/lang" className="lang-switch">
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="next" value={next} />
      <button type="submit" lang={other} aria-label={`${t('nav.language')}: ${t('nav.switchTo')}`}>
        {t('nav.switchTo')}
      </button>
    </form>
  );
}
