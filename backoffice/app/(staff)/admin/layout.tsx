import type { ReactNode } from 'react';
import { messagesFor } from '../../../src/i18n/messages';
import { readLang, requireUser } from '../../../src/session/read-session';

/** Platform-admin pages; core-api refuses others anyway, this spares them a page of errors. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (user.role !== 'admin') return <p role="alert">{messagesFor(await readLang())['error.forbidden']}</p>;
  return children;
}
