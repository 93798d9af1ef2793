import { z } from 'zod';
import type { JsonValue } from '@medlink/flows/engine/definition.schemas';
import { jsonValueSchema } from '@medlink/flows/engine/definition.schemas';
import type { KnownPatient } from '../actions/action-context';
import type { KeyValueStore } from './key-value-store';

/**
 * What outlives one conversation about a contact: the engine's `contact.*` facts (language, consent
 * version, STOP) and the patient id core-api gave for this identity. Redis with CONVERSATION_TTL_S when
 * REDIS_URL is set (the store the gateway already uses for USSD sessions), in-process otherwise; after
 * it expires the facts are rebuilt from core-api, which holds the truth.
 */
export const knownPatientSchema = z.object({
  patientId: z.string(),
  preferredLanguage: z.enum(['fr', 'en']),
  consentVersion: z.string().nullable(),
  optedOut: z.boolean(),
  near: z.object({ lat: z.number(), lon: z.number() }).optional(),
});

const cachedContactSchema = z.object({
  contact: z.record(z.string(), jsonValueSchema),
  patient: knownPatientSchema.optional(),
});

export interface CachedContact {
  contact: Record<string, JsonValue>;
  patient?: KnownPatient;
}

const keyOf = (address: string) => `flow:contact:${address}`;

export async function loadCachedContact(kv: KeyValueStore, address: string): Promise<CachedContact | undefined> {
  const raw = await kv.get(keyOf(address));
  if (raw === undefined) return undefined;
  try {
    const parsed = cachedContactSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function saveCachedContact(
  kv: KeyValueStore,
  address: string,
  value: CachedContact,
  ttlSeconds: number,
): Promise<void> {
  await kv.set(keyOf(address), JSON.stringify(value), ttlSeconds);
}

export async function forgetCachedContact(kv: KeyValueStore, address: string): Promise<void> {
  await kv.delete(keyOf(address));
}

/** The engine's contact facts as core-api knows them (a language only counts once consent was given). */
export function contactFactsOf(patient: KnownPatient): Record<string, JsonValue> {
  if (patient.consentVersion === null) return patient.optedOut ? { optedOut: true } : {};
  return {
    lang: patient.preferredLanguage,
    consentVersion: patient.consentVersion,
    ...(patient.optedOut ? { optedOut: true } : {}),
  };
}
