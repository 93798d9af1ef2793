import { z } from 'zod';
import { SPECIALTIES } from '../practitioners/specialties';
import { pageQuerySchema, pageSchema } from '../shared/pagination';
import { APPOINTMENT_STATUSES } from './appointment-transitions';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const bookAppointmentBody = z
  .object({
    practitionerId: z.uuid(),
    patientId: z.uuid(),
    startsAt: instant,
    facilityId: z.uuid().optional(),
    mode: z.enum(['in_person', 'remote']),
    specialty: z.enum(SPECIALTIES).optional(),
    reason: z.string().trim().max(500).optional(),
    triageRecordId: z.uuid().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.mode === 'in_person' && !body.facilityId)
      ctx.addIssue({ code: 'custom', path: ['facilityId'], message: 'required for an in-person appointment' });
    if (body.mode === 'remote' && body.facilityId)
      ctx.addIssue({ code: 'custom', path: ['facilityId'], message: 'must be absent for a remote appointment' });
  });

/** The gateway says which patient it acts for; staff leave it out. */
const actingPatient = { patientId: z.uuid().optional() };

export const reasonBody = z.object({ reason: z.string().trim().min(1).max(500), ...actingPatient }).strict();
export const optionalReasonBody = z
  .object({ reason: z.string().trim().max(500).optional(), ...actingPatient })
  .strict()
  .optional();
export const rescheduleBody = z.object({ startsAt: instant, ...actingPatient }).strict();

export const appointmentIdParams = z.object({ id: z.uuid() });
export const appointmentReadQuery = z.object({ patientId: z.uuid().optional() });

export const listAppointmentsQuery = pageQuerySchema
  .extend({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    status: z.enum(APPOINTMENT_STATUSES).optional(),
    patientId: z.uuid().optional(),
    practitionerId: z.uuid().optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

export const appointmentDtoSchema = z
  .object({
    id: z.uuid(),
    practitionerId: z.uuid(),
    patientId: z.uuid(),
    facilityId: z.uuid().nullable(),
    mode: z.enum(['in_person', 'remote']),
    specialty: z.string().nullable(),
    reason: z.string().nullable(),
    triageRecordId: z.uuid().nullable(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    status: z.enum(APPOINTMENT_STATUSES),
    statusReason: z.string().nullable(),
    bookedVia: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Appointment' });

export const appointmentPageSchema = pageSchema(appointmentDtoSchema);

export type BookAppointmentBody = z.infer<typeof bookAppointmentBody>;
export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuery>;
export type AppointmentDto = z.infer<typeof appointmentDtoSchema>;
