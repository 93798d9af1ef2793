/** Who is calling. Routes check the role (or scope) here; use cases check the object. */
export type StaffRole = 'practitioner' | 'facility_admin' | 'admin';
export type Role = 'patient' | StaffRole;

export type Principal =
  | { kind: 'user'; userId: string; role: StaffRole }
  /** A machine client (OAuth2 client credentials): the bot-gateway, a facility's stock system. */
  | { kind: 'client'; clientId: string; scopes: string[]; facilityId?: string }
  /** A patient acting for themselves, e.g. through a short-lived link sent to their phone. */
  | { kind: 'patient'; patientId: string };

export function roleOf(principal: Principal): Role | 'client' {
  if (principal.kind === 'user') return principal.role;
  if (principal.kind === 'patient') return 'patient';
  return 'client';
}

export function actorOf(principal: Principal | undefined): {
  actorType: 'user' | 'client' | 'patient' | 'anonymous';
  actorId: string | null;
} {
  if (!principal) return { actorType: 'anonymous', actorId: null };
  if (principal.kind === 'user') return { actorType: 'user', actorId: principal.userId };
  if (principal.kind === 'client') return { actorType: 'client', actorId: principal.clientId };
  return { actorType: 'patient', actorId: principal.patientId };
}
