import { z } from 'zod';

export const appointmentSchema = z.object({
  id: z.string(),
  practitionerId: z.string(),
  patientId: z.string(),
  mode: z.enum(['in_person', 'remote']),
  reason: z.string().nullable(),
  specialty: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.string(),
  statusReason: z.string().nullable(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const appointmentPageSchema = z.object({ items: z.array(appointmentSchema), nextCursor: z.string().nullable() });
export const slotsSchema = z.object({
  slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), mode: z.string() })),
});

/** Midnight (local) of the day, and of the Monday of its week. */
export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() - ((day.getDay() + 6) % 7));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}
