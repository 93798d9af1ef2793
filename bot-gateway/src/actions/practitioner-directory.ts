import { z } from 'zod';
import type { CoreApiClient } from './core-api-client';
import { expectOk } from './core-api-client';

const practitionerSchema = z.object({ id: z.string(), fullName: z.string(), timeZone: z.string() });
const facilitySchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });

export type PractitionerInfo = z.infer<typeof practitionerSchema>;
export type FacilityInfo = z.infer<typeof facilitySchema>;

// Names and time zones change rarely; a few minutes of staleness is harmless and saves a round trip per screen.
const TTL_MS = 5 * 60_000;
const practitioners = new Map<string, { value: PractitionerInfo; at: number }>();
const facilities = new Map<string, { value: FacilityInfo; at: number }>();

export async function findPractitionerInfo(api: CoreApiClient, id: string): Promise<PractitionerInfo> {
  const hit = practitioners.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = expectOk(await api.request('GET', `/practitioners/${id}`), practitionerSchema);
  practitioners.set(id, { value, at: Date.now() });
  return value;
}

export async function findFacilityInfo(api: CoreApiClient, id: string): Promise<FacilityInfo> {
  const hit = facilities.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = expectOk(await api.request('GET', `/facilities/${id}`), facilitySchema);
  facilities.set(id, { value, at: Date.now() });
  return value;
}

/** Where an appointment happens, in the patient's words: the facility, or "remote consultation". */
export async function placeName(api: CoreApiClient, facilityId: string | null, lang: string): Promise<string> {
  if (!facilityId) return lang === 'en' ? 'Remote consultation' : 'Téléconsultation';
  return (await findFacilityInfo(api, facilityId)).name;
}
