import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { messagesFor } from '../src/i18n/messages';
import { readLang } from '../src/session/read-session';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: messagesFor(await readLang())['app.name'] };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = await readLang();
  return (
    <html lang={lang}>
      <body>{children}</body>
    </html>
  );
}
