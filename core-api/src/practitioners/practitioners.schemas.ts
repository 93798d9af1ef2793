import { z } from 'zod';
import { isValidTimeZone } from '../appointments/zone-offset';
import { pageQuerySchema, pageSchema } from '../shared/pagination';
import { SPECIALTIES } from './specialties';

export const VERIFICATION_STATUSES = ['pending', 'verified', 'suspended'] as const;

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Africa/Lagos');
/** ISO 639-1/-3 codes: fr, en, sw, ha, yo, wo, ln ... */
const languageSchema = z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code such as fr or en');
const bioSchema = z.string().trim().max(1000).nullable();

export const practitionerIdParams = z.object({ id: z.uuid() });

export const createPractitionerBody = z
  .object({
    userId: z.uuid().optional(),
    fullName: z.string().trim().min(2).max(120),
    specialties: z.array(z.enum(SPECIALTIES)).min(1).max(SPECIALTIES.length),
    languages: z.array(languageSchema).min(1).max(10),
    licenceNumber: z.string().trim().min(3).max(60),
    facilityIds: z.array(z.uuid()).max(20).default([]),
    offersRemote: z.boolean().default(true),
    timeZone: timeZoneSchema.default('UTC'),
    bioFr: bioSchema.optional(),
    bioEn: bioSchema.optional(),
  })
  .strict();

/** Fields a practitioner may change on their own record; the rest are the admin's. */
export const SELF_EDITABLE_FIELDS = ['languages', 'offersRemote', 'timeZone', 'bioFr', 'bioEn'] as const;

export const updatePractitionerBody = z
  .object({
    fullName: z.string().trim().min(2).max(120),
    specialties: z.array(z.enum(SPECIALTIES)).min(1).max(SPECIALTIES.length),
    languages: z.array(languageSchema).min(1).max(10),
    licenceNumber: z.string().trim().min(3).max(60),
    facilityIds: z.array(z.uuid()).max(20),
    offersRemote: z.boolean(),
    timeZone: timeZoneSchema,
    bioFr: bioSchema,
    bioEn: bioSchema,
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'at least one field is required');

export const verificationBody = z
  .object({
    status: z.enum(VERIFICATION_STATUSES),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();

export const listPractitionersQuery = pageQuerySchema.extend({
  status: z.enum(VERIFICATION_STATUSES).optional(),
  specialty: z.enum(SPECIALTIES).optional(),
  language: languageSchema.optional(),
  facilityId: z.uuid().optional(),
});

export const practitionerDtoSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    specialties: z.array(z.string()),
    languages: z.array(z.string()),
    offersRemote: z.boolean(),
    timeZone: z.string(),
    bio: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
    facilityIds: z.array(z.uuid()),
    verificationStatus: z.enum(VERIFICATION_STATUSES),
    rating: z.object({ rating: z.number(), count: z.number().int() }),
    /** Staff-only fields: present for admins and for the practitioner themself. */
    licenceNumber: z.string().optional(),
    userId: z.uuid().nullable().optional(),
    verifiedBy: z.uuid().nullable().optional(),
    verifiedAt: z.iso.datetime().nullable().optional(),
    verificationNotes: z.string().nullable().optional(),
  })
  .meta({ id: 'Practitioner' });

export const practitionerPageSchema = pageSchema(practitionerDtoSchema);

export type CreatePractitionerBody = z.infer<typeof createPractitionerBody>;
export type UpdatePractitionerBody = z.infer<typeof updatePractitionerBody>;
export type ListPractitionersQuery = z.infer<typeof listPractitionersQuery>;
export type PractitionerDto = z.infer<typeof practitionerDtoSchema>;
