'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from './session-cookies';

const SessionContext = createContext<SessionUser | undefined>(undefined);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside SessionProvider');
  return user;
}
