import { z } from 'zod';
import { facilityTypeSchema } from '../facilities/facility-vocabulary';
import { needSchema } from './care-needs';

export const recommendationQuerySchema = z
  .object({
    need: needSchema.meta({ description: 'A specialty code (findings.json "specialties") or a facility service' }),
    level: z.enum(['emergency', 'urgent', 'routine', 'self_care']).default('routine'),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    lang: z.enum(['fr', 'en']).default('fr'),
    medicine: z.string().trim().toLowerCase().min(2).max(100).optional(),
    adminArea: z
      .string()
      .max(200)
      .regex(/^[A-Za-z]{3}(\/[^/]+){0,2}$/, 'expected ISO3[/region[/district]], as returned by /facilities/areas')
      .optional(),
    limit: z.coerce.number().int().min(1).max(20).default(5),
  })
  .refine((query) => (query.lat === undefined) === (query.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lat'],
  });
export type RecommendationQuery = z.infer<typeof recommendationQuerySchema>;

const ratingSchema = z.object({ rating: z.number(), count: z.number().int() });

export const recommendationsSchema = z
  .object({
    practitioners: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        specialties: z.array(z.string()),
        languages: z.array(z.string()),
        facilityId: z.uuid().nullable(),
        facilityName: z.string().nullable(),
        remote: z.boolean(),
        distanceKm: z.number().nullable(),
        nextFreeSlot: z.iso.datetime().nullable(),
        rating: ratingSchema,
        score: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
    facilities: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        type: facilityTypeSchema,
        distanceKm: z.number().nullable(),
        openNow: z.boolean(),
        emergencyCapable: z.boolean(),
        adminArea: z.string(),
        phone: z.string().nullable(),
        rating: ratingSchema,
        score: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Recommendations', description: 'Each list ordered by score, then distance, then name, then id' });
