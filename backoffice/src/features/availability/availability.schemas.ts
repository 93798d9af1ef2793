import { z } from 'zod';

export const ruleSchema = z.object({
  id: z.string().optional(),
  weekday: z.number().int(),
  start: z.string(),
  end: z.string(),
  slotMinutes: z.number().int(),
  facilityId: z.string().nullable(),
  validFrom: z.string().nullable().optional(),
  validUntil: z.string().nullable().optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const exceptionSchema = z.object({
  id: z.string(),
  kind: z.enum(['unavailable', 'available']),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string().nullable(),
});

export const availabilitySchema = z.object({
  practitionerId: z.string(),
  timeZone: z.string(),
  rules: z.array(ruleSchema),
  exceptions: z.array(exceptionSchema),
});
export type Availability = z.infer<typeof availabilitySchema>;

/** What PUT accepts: the editable fields only (ids and zones are the server's). */
export function toRuleInput(rule: Rule) {
  return {
    weekday: rule.weekday,
    start: rule.start,
    end: rule.end,
    slotMinutes: rule.slotMinutes,
    facilityId: rule.facilityId,
    validFrom: rule.validFrom ?? null,
    validUntil: rule.validUntil ?? null,
  };
}
