import { z } from 'zod';

export const auditQuerySchema = z.object({
  patientId: z.uuid().optional(),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, 'an action such as patient.read, or a prefix such as patient.')
    .max(80)
    .optional()
    .meta({
      description: 'An exact action, or a prefix ending in a dot (`auth.`)',
    }),
  actorId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'a cursor from a previous page')
    .optional(),
});

export const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actorType: z.enum(['user', 'client', 'system', 'patient', 'anonymous']),
    actorId: z.string().nullable(),
    action: z.string(),
    recordType: z.string().nullable(),
    recordId: z.string().nullable(),
    patientId: z.uuid().nullable(),
    outcome: z.enum(['ok', 'denied', 'failed']),
    origin: z.record(z.string(), z.unknown()),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export const auditPageSchema = z
  .object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });
