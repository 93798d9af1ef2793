import { z } from 'zod';
import { isValidTimeZone } from '../appointments/zone-offset';
import { CHANNEL_IDS } from '../messages/message-channels';

const daySchema = z.iso.date().meta({ description: 'A local day, YYYY-MM-DD' });

export const statRangeQuerySchema = z
  .object({
    from: daySchema.optional().meta({ description: 'First day, inclusive; default: 29 days before `to`' }),
    to: daySchema.optional().meta({ description: 'Last day, inclusive; default: today (or 29 days after `from`)' }),
    timeZone: z
      .string()
      .max(64)
      .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Africa/Lagos')
      .default('UTC')
      .meta({ description: 'The zone whose midnight starts each day' }),
  })
  .strict();
export type StatRangeQuery = z.infer<typeof statRangeQuerySchema>;

export const statRangeSchema = z
  .object({ from: z.string(), to: z.string(), timeZone: z.string(), days: z.array(z.string()) })
  .meta({ id: 'StatRange' });

export const TRIAGE_LEVELS = ['emergency', 'urgent', 'routine', 'self_care'] as const;

export const messageStatsSchema = z
  .object({
    range: statRangeSchema,
    series: z.array(
      z.object({
        channel: z.enum(CHANNEL_IDS),
        total: z.number().int(),
        points: z.array(z.object({ day: z.string(), inbound: z.number().int(), outbound: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'MessageStats', description: 'Messages per channel per day, both directions' });

export const triageStatsSchema = z
  .object({
    range: statRangeSchema,
    total: z.number().int(),
    levels: z.array(z.object({ level: z.enum(TRIAGE_LEVELS), count: z.number().int() })),
  })
  .meta({ id: 'TriageStats', description: 'Triage results by level, most urgent first' });

export const firstResponseStatsSchema = z
  .object({
    range: statRangeSchema,
    medianSeconds: z.number().nullable(),
    answered: z.number().int(),
    unanswered: z.number().int(),
    points: z.array(z.object({ day: z.string(), medianSeconds: z.number().nullable(), answered: z.number().int() })),
  })
  .meta({
    id: 'FirstResponseStats',
    description:
      'Per consultation: from the first patient message to the first practitioner reply after it; days by the patient message',
  });

export const noShowStatsSchema = z
  .object({
    range: statRangeSchema,
    rate: z.number().nullable(),
    noShows: z.number().int(),
    attended: z.number().int(),
    points: z.array(
      z.object({ day: z.string(), noShows: z.number().int(), attended: z.number().int(), rate: z.number().nullable() }),
    ),
  })
  .meta({ id: 'NoShowStats', description: 'No-shows among past appointments that were either completed or missed' });

export const deadLetterStatsSchema = z
  .object({
    range: statRangeSchema,
    total: z.number().int(),
    byChannel: z.array(z.object({ channel: z.enum(CHANNEL_IDS), count: z.number().int() })),
    points: z.array(z.object({ day: z.string(), count: z.number().int() })),
  })
  .meta({
    id: 'DeadLetterStats',
    description: 'Outbound messages that failed for good, by the day they were given up',
  });

export const administeredFacilitiesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        resourceCount: z.number().int(),
        staleCount: z.number().int(),
        lastPublishedAt: z.iso.datetime().nullable(),
        admins: z.array(z.object({ userId: z.uuid(), displayName: z.string() })),
      }),
    ),
  })
  .meta({
    id: 'AdministeredFacilities',
    description: 'The facilities the caller administers, with how fresh their figures are',
  });
