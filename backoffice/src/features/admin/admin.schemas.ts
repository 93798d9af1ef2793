import { z } from 'zod';

export const VERIFICATION_STATUSES = ['pending', 'verified', 'suspended'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const practitionerSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  specialties: z.array(z.string()),
  languages: z.array(z.string()),
  facilityIds: z.array(z.string()),
  verificationStatus: z.enum(VERIFICATION_STATUSES),
  licenceNumber: z.string().optional(),
  verifiedAt: z.string().nullable().optional(),
  verificationNotes: z.string().nullable().optional(),
});
export type Practitioner = z.infer<typeof practitionerSchema>;
export const practitionerPageSchema = z.object({
  items: z.array(practitionerSchema),
  nextCursor: z.string().nullable(),
});

export const REVIEW_STATES = ['pending', 'published', 'rejected'] as const;
export const reviewSchema = z.object({
  id: z.string(),
  practitionerId: z.string(),
  rating: z.number(),
  comment: z.string().nullable(),
  state: z.enum(REVIEW_STATES),
  createdAt: z.string(),
  moderationNote: z.string().nullable().optional(),
});
export type Review = z.infer<typeof reviewSchema>;
export const reviewPageSchema = z.object({ items: z.array(reviewSchema), nextCursor: z.string().nullable() });

export const STAFF_ROLES = ['practitioner', 'facility_admin', 'admin'] as const;
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(STAFF_ROLES),
  displayName: z.string(),
  preferredLanguage: z.enum(['fr', 'en']),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type StaffUser = z.infer<typeof userSchema>;
export const userPageSchema = z.object({ items: z.array(userSchema), nextCursor: z.string().nullable() });

export const facilityOptionsSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), admin2: z.string().nullable() })),
});

export const anyResponse = z.unknown();
