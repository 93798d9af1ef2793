import { z } from 'zod';

export const languageSchema = z.enum(['fr', 'en']);

export const loginBodySchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: 'LoginRequest' });

export const refreshBodySchema = z.object({ refreshToken: z.string().min(20).max(200) }).meta({ id: 'RefreshRequest' });

export const sessionUserSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(['practitioner', 'facility_admin', 'admin']),
    displayName: z.string(),
    preferredLanguage: languageSchema,
    practitionerId: z.uuid().nullable(),
  })
  .meta({ id: 'SessionUser' });

export const sessionSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int(),
    user: sessionUserSchema,
  })
  .meta({ id: 'Session' });

export type SessionUser = z.infer<typeof sessionUserSchema>;
export type Session = z.infer<typeof sessionSchema>;
