import { z } from 'zod';
import { pageQuerySchema } from '../shared/pagination';

export const staffRoleSchema = z.enum(['practitioner', 'facility_admin', 'admin']);

export const createUserBodySchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(12, 'at least 12 characters').max(1024),
    role: staffRoleSchema,
    displayName: z.string().trim().min(1).max(200),
    preferredLanguage: z.enum(['fr', 'en']).default('fr'),
  })
  .meta({ id: 'CreateUserRequest' });

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: staffRoleSchema,
    displayName: z.string(),
    preferredLanguage: z.enum(['fr', 'en']),
    practitionerId: z.uuid().nullable(),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const listUsersQuerySchema = pageQuerySchema.extend({ role: staffRoleSchema.optional() });

export const userIdParamsSchema = z.object({ id: z.uuid() });

export const assignFacilitiesBodySchema = z
  .object({ facilityIds: z.array(z.uuid()).max(500) })
  .meta({ id: 'AssignFacilitiesRequest', description: 'The complete list: facilities not listed are unassigned' });

export const assignedFacilitiesSchema = z
  .object({ userId: z.uuid(), facilityIds: z.array(z.uuid()) })
  .meta({ id: 'AssignedFacilities' });
