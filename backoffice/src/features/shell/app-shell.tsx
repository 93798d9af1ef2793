'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { useSessionUser } from '../../session/session-provider';
import type { SessionUser } from '../../session/session-cookies';
import { LanguageSwitch } from './language-switch';

const MENUS: Record<SessionUser['role'], { href: string; label: MessageKey }[]> = {
  practitioner: [
    { href: '/inbox', label: 'nav.inbox' },
    { href: '/calendar', label: 'nav.calendar' },
    { href: '/availability', label: 'nav.availability' },
  ],
  admin: [
    { href: '/admin/dashboard', label: 'admin.nav.dashboard' },
    { href: '/admin/practitioners', label: 'admin.nav.practitioners' },
    { href: '/admin/reviews', label: 'admin.nav.reviews' },
    { href: '/admin/staff', label: 'admin.nav.staff' },
    { href: '/inbox', label: 'nav.inbox' },
  ],
  facility_admin: [{ href: '/facility', label: 'facility.title' }],
};

/** The role decides the menu; landmarks (banner, navigation, main) and a skip link on every page. */
export function AppShell({ simulatorUrl, children }: { simulatorUrl: string | null; children: ReactNode }) {
  const { t } = useI18n();
  const user = useSessionUser();
  const pathname = usePathname();

  async function signOut() {
    await fetch('/bff/session', { method: 'DELETE', headers: { 'x-medlink-bff': '1' } }).catch(() => undefined);
    window.location.assign('/login');
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul className="menu">
            {MENUS[user.role].map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={pathname.startsWith(item.href) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
            {simulatorUrl && (
              <li>
                <a href={simulatorUrl} target="_blank" rel="noreferrer">
                  {t('nav.simulator')}
                </a>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          <span className="muted">{t('nav.signedInAs', { name: user.displayName })}</span>
          <LanguageSwitch next={pathname} />
          <button type="button" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
