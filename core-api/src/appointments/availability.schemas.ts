import { z } from 'zod';

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time HH:MM')
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));
const localDate = z.iso.date();

export const weeklyRuleInput = z
  .object({
    weekday: z.number().int().min(0).max(6).meta({ description: '0 = Sunday ... 6 = Saturday' }),
    start: clockTime,
    end: clockTime,
    slotMinutes: z.number().int().min(5).max(240).default(20),
    /** The facility of in-person sessions; null or absent for remote consultations. */
    facilityId: z.uuid().nullable().default(null),
    validFrom: localDate.nullable().default(null),
    validUntil: localDate.nullable().default(null),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.end <= rule.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (rule.end - rule.start < rule.slotMinutes)
      ctx.addIssue({ code: 'custom', path: ['slotMinutes'], message: 'longer than the session' });
    if (rule.validFrom && rule.validUntil && rule.validUntil < rule.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must not be before validFrom' });
    }
  });

export const replaceScheduleBody = z.object({ rules: z.array(weeklyRuleInput).max(100) }).strict();

export const exceptionBody = z
  .object({
    kind: z.enum(['unavailable', 'available']),
    startsAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    endsAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    facilityId: z.uuid().nullable().default(null),
    slotMinutes: z.number().int().min(5).max(240).default(20),
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict()
  .superRefine((exception, ctx) => {
    const span = exception.endsAt.getTime() - exception.startsAt.getTime();
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (span > 92 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'an exception spans at most 92 days' });
  });

export const exceptionParams = z.object({ id: z.uuid(), exceptionId: z.uuid() });

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export { hhmm };

export const ruleDtoSchema = z.object({
  id: z.uuid(),
  weekday: z.number().int(),
  start: z.string(),
  end: z.string(),
  slotMinutes: z.number().int(),
  facilityId: z.uuid().nullable(),
  timeZone: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
});

export const exceptionDtoSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['unavailable', 'available']),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  facilityId: z.uuid().nullable(),
  slotMinutes: z.number().int(),
  note: z.string().nullable(),
});

export const availabilityDtoSchema = z
  .object({
    practitionerId: z.uuid(),
    timeZone: z.string(),
    rules: z.array(ruleDtoSchema),
    exceptions: z.array(exceptionDtoSchema),
  })
  .meta({ id: 'Availability' });

export const slotsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    facilityId: z.uuid().optional(),
    mode: z.enum(['in_person', 'remote']).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to) {
      const span = Date.parse(query.to) - Date.parse(query.from);
      if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
      if (span > 31 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most 31 days after from' });
    }
  });

export const slotDtoSchema = z.object({
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  facilityId: z.uuid().nullable(),
  mode: z.enum(['in_person', 'remote']),
});

export const slotsDtoSchema = z
  .object({ practitionerId: z.uuid(), from: z.iso.datetime(), to: z.iso.datetime(), slots: z.array(slotDtoSchema) })
  .meta({ id: 'Slots' });

export type ExceptionBody = z.infer<typeof exceptionBody>;
export type ReplaceScheduleBody = z.infer<typeof replaceScheduleBody>;
