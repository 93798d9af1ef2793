import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../shared/pagination';

export const REVIEW_STATES = ['pending', 'published', 'rejected'] as const;

export const createReviewBody = z
  .object({
    appointmentId: z.uuid(),
    /** The patient the gateway acts for; it must be the appointment's patient. */
    patientId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(1000).optional(),
  })
  .strict();

export const moderationBody = z
  .object({ state: z.enum(['published', 'rejected']), note: z.string().trim().max(500).optional() })
  .strict();
export const reviewIdParams = z.object({ id: z.uuid() });

export const listReviewsQuery = pageQuerySchema.extend({
  practitionerId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  state: z.enum(REVIEW_STATES).optional(),
});

export const reviewDtoSchema = z
  .object({
    id: z.uuid(),
    practitionerId: z.uuid(),
    facilityId: z.uuid().nullable(),
    rating: z.number().int(),
    comment: z.string().nullable(),
    state: z.enum(REVIEW_STATES),
    createdAt: z.iso.datetime(),
    /** Admin-only fields. */
    appointmentId: z.uuid().optional(),
    patientId: z.uuid().optional(),
    moderationNote: z.string().nullable().optional(),
    moderatedAt: z.iso.datetime().nullable().optional(),
  })
  .meta({ id: 'Review' });

export const reviewPageSchema = pageSchema(reviewDtoSchema);

export type CreateReviewBody = z.infer<typeof createReviewBody>;
export type ListReviewsQuery = z.infer<typeof listReviewsQuery>;
export type ReviewDto = z.infer<typeof reviewDtoSchema>;
