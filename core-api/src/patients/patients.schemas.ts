import { z } from 'zod';
import { pageQuerySchema } from '../shared/pagination';
import { normalizeIdentity } from './normalize-identity';

const languageSchema = z.enum(['fr', 'en']);
export const channelSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a channel id such as africastalking-ussd');

export const identitySchema = z
  .object({
    kind: z.enum(['phone', 'whatsapp']),
    address: z
      .string()
      .min(3)
      .max(64)
      .meta({ description: 'Phone: E.164. WhatsApp: the WhatsApp id (digits) or E.164' }),
  })
  .transform((value, ctx) => {
    const normalized = normalizeIdentity(value.kind, value.address);
    if (!normalized) {
      ctx.addIssue({
        code: 'custom',
        path: ['address'],
        message: 'not a valid international phone number (E.164, e.g. +22790123456)',
      });
      return z.NEVER;
    }
    return normalized;
  })
  .meta({ id: 'PatientIdentity' });

const identityDtoSchema = z.object({ kind: z.enum(['phone', 'whatsapp']), address: z.string() });
const consentSchema = z.object({ version: z.string(), at: z.iso.datetime(), channel: z.string() }).nullable();

export const resolveBodySchema = z
  .object({ identity: identitySchema, channel: channelSchema, language: languageSchema.optional() })
  .meta({ id: 'ResolvePatientRequest' });

export const resolvedPatientSchema = z
  .object({
    id: z.uuid(),
    preferredLanguage: languageSchema,
    consent: consentSchema,
    optedOut: z.boolean(),
    erased: z.boolean(),
    identities: z.array(identityDtoSchema),
    /** Where the patient is, when it was recorded with them. */
    position: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  })
  .meta({ id: 'ResolvedPatient' });

export const patientSchema = z
  .object({
    id: z.uuid(),
    preferredLanguage: languageSchema,
    displayName: z.string().nullable(),
    birthYear: z.number().int().nullable(),
    sex: z.enum(['female', 'male', 'other']).nullable(),
    location: z
      .object({
        countryIso3: z.string().nullable(),
        adminArea: z.string().nullable(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
      })
      .meta({ description: 'Coordinates only for the gateway and admins' }),
    consent: consentSchema,
    optedOut: z.boolean(),
    erased: z.boolean(),
    identities: z.array(identityDtoSchema).optional().meta({ description: 'Only for the gateway and admins' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Patient' });

export const patientIdParamsSchema = z.object({ id: z.uuid() });

export const patchPatientBodySchema = z
  .object({
    language: languageSchema.optional(),
    displayName: z.string().trim().min(1).max(200).nullable().optional(),
    birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
    sex: z.enum(['female', 'male', 'other']).nullable().optional(),
    location: z
      .object({
        countryIso3: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3, e.g. NER'),
        adminArea: z.string().trim().min(1).max(200).nullable().optional(),
        lat: z.number().min(-90).max(90).nullable().optional(),
        lon: z.number().min(-180).max(180).nullable().optional(),
      })
      .refine((location) => (location.lat == null) === (location.lon == null), {
        message: 'lat and lon go together',
        path: ['lon'],
      })
      .nullable()
      .optional(),
  })
  .strict()
  .meta({ id: 'PatchPatientRequest' });

export type PatientPatch = z.infer<typeof patchPatientBodySchema>;

export const consentBodySchema = z
  .object({ version: z.string().trim().min(1).max(40), channel: channelSchema })
  .meta({ id: 'ConsentRequest' });

export const linkIdentityBodySchema = z.object({ identity: identitySchema }).meta({ id: 'LinkIdentityRequest' });

export const channelBodySchema = z.object({ channel: channelSchema }).meta({ id: 'PatientChannelRequest' });

export const erasureSchema = z
  .object({
    requestId: z.uuid(),
    patientId: z.uuid(),
    status: z.literal('completed'),
    requestedAt: z.iso.datetime(),
    completedAt: z.iso.datetime(),
  })
  .meta({ id: 'Erasure' });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listPatientsQuerySchema = pageQuerySchema.extend({
  language: languageSchema.optional(),
  optedOut: booleanQuery.optional(),
  erased: booleanQuery.optional(),
  phone: z.string().max(64).optional().meta({ description: 'A phone number or WhatsApp id, any spelling' }),
});
