import { z } from 'zod';

const rangeSchema = z.object({ from: z.string(), to: z.string(), timeZone: z.string(), days: z.array(z.string()) });

export const messageStatsSchema = z.object({
  range: rangeSchema,
  series: z.array(
    z.object({
      channel: z.string(),
      total: z.number(),
      points: z.array(z.object({ day: z.string(), inbound: z.number(), outbound: z.number() })),
    }),
  ),
});

export const triageStatsSchema = z.object({
  range: rangeSchema,
  total: z.number(),
  levels: z.array(z.object({ level: z.string(), count: z.number() })),
});

export const firstResponseStatsSchema = z.object({
  range: rangeSchema,
  medianSeconds: z.number().nullable(),
  answered: z.number(),
  unanswered: z.number(),
  points: z.array(z.object({ day: z.string(), medianSeconds: z.number().nullable(), answered: z.number() })),
});

export const noShowStatsSchema = z.object({
  range: rangeSchema,
  rate: z.number().nullable(),
  noShows: z.number(),
  attended: z.number(),
  points: z.array(
    z.object({ day: z.string(), noShows: z.number(), attended: z.number(), rate: z.number().nullable() }),
  ),
});

export const deadLetterStatsSchema = z.object({
  range: rangeSchema,
  total: z.number(),
  byChannel: z.array(z.object({ channel: z.string(), count: z.number() })),
  points: z.array(z.object({ day: z.string(), count: z.number() })),
});

export interface DashboardData {
  messages: z.infer<typeof messageStatsSchema>;
  triage: z.infer<typeof triageStatsSchema>;
  firstResponse: z.infer<typeof firstResponseStatsSchema>;
  noShows: z.infer<typeof noShowStatsSchema>;
  deadLetters: z.infer<typeof deadLetterStatsSchema>;
}

/** Fixed per channel and level so a colour means the same thing on every chart; all ≥ 3:1 on white. */
export const CHANNEL_COLORS: Record<string, string> = {
  'africastalking-ussd': '#6a3d9a',
  'africastalking-sms': '#1f5fa0',
  'twilio-sms': '#0b5c6b',
  'twilio-whatsapp': '#1a6b34',
  'meta-whatsapp': '#b34700',
};
export const LEVEL_COLORS: Record<string, string> = {
  emergency: '#a40e26',
  urgent: '#b34700',
  routine: '#1f5fa0',
  self_care: '#1a6b34',
};
