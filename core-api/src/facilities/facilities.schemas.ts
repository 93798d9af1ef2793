import { z } from 'zod';
import { pageSchema } from '../shared/pagination';
import { facilityServiceSchema, facilityTypeSchema, resourceKindSchema } from './facility-vocabulary';
import { isKnownTimeZone } from './is-open-at';

const timeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM (00:00 to 24:00)');
export const intervalSchema = z.tuple([timeSchema, timeSchema]);
const dayHours = z.array(intervalSchema).max(6).optional();
export const weeklyHoursSchema = z
  .object({
    mon: dayHours,
    tue: dayHours,
    wed: dayHours,
    thu: dayHours,
    fri: dayHours,
    sat: dayHours,
    sun: dayHours,
  })
  .strict()
  .meta({
    id: 'WeeklyHours',
    description:
      'Local wall-clock intervals per weekday; an interval whose end is not after its start runs past midnight',
  });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const areaIdSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z]{3}(\/[^/]+){0,2}$/, 'expected ISO3[/region[/district]], as returned by /facilities/areas');

export const facilitySearchQuerySchema = z
  .object({
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    service: facilityServiceSchema.optional(),
    type: facilityTypeSchema.optional(),
    openNow: booleanQuery.optional(),
    emergency: booleanQuery.optional(),
    adminArea: areaIdSchema.optional(),
    q: z.string().trim().min(2).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(300).optional(),
  })
  .refine((query) => (query.lat === undefined) === (query.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lat'],
  });
export type FacilitySearchQuery = z.infer<typeof facilitySearchQuerySchema>;

export const areasQuerySchema = z
  .object({
    country: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'expected an ISO 3166-1 alpha-3 code')
      .transform((code) => code.toUpperCase())
      .optional(),
    region: z.string().trim().min(1).max(100).optional(),
  })
  .refine((query) => !query.region || query.country, { message: 'region needs country', path: ['region'] });

export const idParamsSchema = z.object({ id: z.uuid() });

const bilingualSchema = z.object({ fr: z.string(), en: z.string() });

export const facilitySummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: facilityTypeSchema,
    services: z.array(facilityServiceSchema),
    emergencyCapable: z.boolean(),
    country: z.string(),
    countryIso3: z.string(),
    admin1: z.string().nullable(),
    admin2: z.string().nullable(),
    adminArea: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    timeZone: z.string(),
    alwaysOpen: z.boolean(),
    openingHours: weeklyHoursSchema.nullable(),
    openNow: z.boolean(),
    distanceKm: z.number().optional(),
    phone: z
      .string()
      .nullable()
      .meta({ description: 'Only a number the facility published itself; never invented. Null: none published.' }),
    phoneNotice: bilingualSchema.nullable(),
  })
  .meta({ id: 'FacilitySummary' });

export const resourceSchema = z
  .object({
    kind: resourceKindSchema,
    item: z.string(),
    quantity: z.number().int().nullable(),
    available: z.boolean(),
    updatedAt: z.iso.datetime(),
    ageHours: z.number(),
    stale: z.boolean().meta({ description: 'Older than RESOURCE_STALE_AFTER_H: may no longer be true' }),
    publishedBy: z.object({ type: z.enum(['user', 'client', 'system']), id: z.string() }),
  })
  .meta({ id: 'FacilityResource' });

export const facilityDetailSchema = facilitySummarySchema
  .extend({
    rawType: z.string().nullable(),
    ownership: z.string().nullable(),
    sourceId: z
      .string()
      .nullable()
      .meta({ description: 'maina2019:<row> for facilities from Maina et al. 2019 (CC0)' }),
    resources: z.array(resourceSchema),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'FacilityDetail' });

export const facilityPageSchema = pageSchema(facilitySummarySchema);

export const areaListSchema = z
  .object({
    level: z.enum(['country', 'region', 'district']),
    parent: z.string().nullable(),
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        names: bilingualSchema.optional(),
        facilityCount: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'AdminAreaList' });

const phoneSchema = z.string().regex(/^\+[1-9]\d{7,14}$/, 'expected E.164, e.g. +221338000000');

export const facilityCreateSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    type: facilityTypeSchema,
    services: z.array(facilityServiceSchema).max(20),
    emergencyCapable: z.boolean().optional(),
    timeZone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone'),
    alwaysOpen: z.boolean().default(false),
    openingHours: weeklyHoursSchema.nullable().default(null),
    country: z.string().trim().min(2).max(100),
    countryIso3: z.string().regex(/^[A-Z]{3}$/),
    admin1: z.string().trim().min(1).max(100).nullable().default(null),
    admin2: z.string().trim().min(1).max(100).nullable().default(null),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lon: z.number().min(-180).max(180).nullable().default(null),
    phone: phoneSchema.nullable().default(null),
    ownership: z.string().trim().max(100).nullable().default(null),
  })
  .strict()
  .refine((body) => (body.lat === null) === (body.lon === null), { message: 'lat and lon go together', path: ['lat'] });
export type FacilityCreate = z.infer<typeof facilityCreateSchema>;

export const facilityPatchSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    type: facilityTypeSchema,
    services: z.array(facilityServiceSchema).max(20),
    emergencyCapable: z.boolean(),
    timeZone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone'),
    alwaysOpen: z.boolean(),
    openingHours: weeklyHoursSchema.nullable(),
    admin1: z.string().trim().min(1).max(100).nullable(),
    admin2: z.string().trim().min(1).max(100).nullable(),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    phone: phoneSchema.nullable(),
    ownership: z.string().trim().max(100).nullable(),
  })
  .partial()
  .strict()
  .refine((body) => (body.lat === undefined) === (body.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lat'],
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type FacilityPatch = z.infer<typeof facilityPatchSchema>;

export const resourcesPutSchema = z
  .object({
    resources: z
      .array(
        z
          .object({
            kind: resourceKindSchema,
            item: z.string().trim().toLowerCase().min(1).max(100),
            quantity: z.number().int().min(0).max(100_000).nullable().default(null),
            available: z.boolean(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.resources.forEach((resource, index) => {
      const key = `${resource.kind}/${resource.item}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', message: `${key} is listed twice`, path: ['resources', index, 'item'] });
      seen.add(key);
      if (resource.kind === 'beds' && resource.quantity === null) {
        ctx.addIssue({
          code: 'custom',
          message: 'beds need a quantity (free beds)',
          path: ['resources', index, 'quantity'],
        });
      }
    });
  });
export type ResourcesPut = z.infer<typeof resourcesPutSchema>;

export const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'not a cursor from this history')
    .optional(),
});

export const historyEntrySchema = z.object({
  id: z.string(),
  kind: resourceKindSchema,
  item: z.string(),
  quantity: z.number().int().nullable(),
  available: z.boolean(),
  changedAt: z.iso.datetime(),
  changedBy: z.object({ type: z.string(), id: z.string() }),
});
export const historyPageSchema = pageSchema(historyEntrySchema);
