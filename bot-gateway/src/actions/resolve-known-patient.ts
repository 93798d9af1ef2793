import { z } from 'zod';
import type { IdentityKind } from '../channels/types';
import type { KnownPatient } from './action-context';
import type { CoreApiClient } from './core-api-client';
import { expectOk } from './core-api-client';

const resolvedSchema = z.object({
  id: z.string(),
  preferredLanguage: z.enum(['fr', 'en']),
  consent: z.object({ version: z.string() }).nullable(),
  optedOut: z.boolean(),
  position: z.object({ lat: z.number(), lon: z.number() }).nullish(),
});

/** Finds or creates the patient behind a channel identity (an identity only: nothing clinical). */
export async function resolveKnownPatient(
  api: CoreApiClient,
  identity: { kind: IdentityKind; address: string; channel: string; lang?: unknown },
): Promise<KnownPatient> {
  const language = identity.lang === 'fr' || identity.lang === 'en' ? identity.lang : undefined;
  const body = {
    identity: { kind: identity.kind, address: identity.address },
    channel: identity.channel,
    ...(language ? { language } : {}),
  };
  const patient = expectOk(await api.request('POST', '/patients/resolve', { body }), resolvedSchema);
  return {
    patientId: patient.id,
    preferredLanguage: patient.preferredLanguage,
    consentVersion: patient.consent?.version ?? null,
    optedOut: patient.optedOut,
    ...(patient.position ? { near: patient.position } : {}),
  };
}
