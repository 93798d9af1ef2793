import { I18nProvider } from '../../src/i18n/i18n-provider';
import { messagesFor } from '../../src/i18n/messages';
import { readLang } from '../../src/session/read-session';
import { LoginForm } from '../../src/features/shell/login-form';
import { LanguageSwitch } from '../../src/features/shell/language-switch';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const lang = await readLang();
  const { next } = await searchParams;
  const messages = messagesFor(lang);
  return (
    <I18nProvider lang={lang}>
      <header className="topbar">
        <span className="brand">{messages['app.name']}</span>
        <LanguageSwitch next="/login" />
      </header>
      <main id="main" className="narrow">
        <h1>{messages['login.title']}</h1>
        <LoginForm next={next && /^\/(?!\/)/.test(next) ? next : '/inbox'} />
      </main>
    </I18nProvider>
  );
}
