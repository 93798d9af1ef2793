import type { ReactNode } from 'react';
import { I18nProvider } from '../../src/i18n/i18n-provider';
import { runtimeConfig } from '../../src/runtime-config';
import { readLang, requireUser } from '../../src/session/read-session';
import { SessionProvider } from '../../src/session/session-provider';
import { AppShell } from '../../src/features/shell/app-shell';

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const lang = await readLang();
  return (
    <I18nProvider lang={lang}>
      <SessionProvider user={user}>
        <AppShell simulatorUrl={runtimeConfig().simulatorUrl}>{children}</AppShell>
      </SessionProvider>
    </I18nProvider>
  );
}
