import { z } from 'zod';

export const channelLimitsSchema = z.object({
  channel: z.string(),
  sms: z
    .object({ encoding: z.enum(['gsm7', 'ucs2']), segments: z.number(), units: z.number(), perSegment: z.number() })
    .optional(),
  whatsapp: z.object({ windowOpen: z.boolean(), windowClosesAt: z.string().nullable() }).optional(),
});
export type ChannelLimits = z.infer<typeof channelLimitsSchema>;

export const timelineEntrySchema = z.object({
  kind: z.enum(['triage', 'message', 'appointment', 'file', 'note', 'activity']),
  at: z.string(),
  id: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.object({
  consultation: z.object({
    id: z.string(),
    status: z.string(),
    channel: z.string(),
    subject: z.string().nullable(),
    ownerPractitionerId: z.string().nullable(),
  }),
  patient: z.object({
    id: z.string(),
    displayName: z.string().nullable(),
    preferredLanguage: z.string(),
    birthYear: z.number().nullable(),
    optedOut: z.boolean(),
  }),
  participants: z.array(
    z.object({ practitionerId: z.string(), fullName: z.string(), role: z.string(), leftAt: z.string().nullable() }),
  ),
  replyLimits: channelLimitsSchema,
  entries: z.array(timelineEntrySchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

/** The parts of an entry's `data` each kind shows; unknown extras are ignored. */
export const messageDataSchema = z.object({
  direction: z.enum(['in', 'out']),
  channel: z.string(),
  body: z.string().nullable(),
  status: z.string(),
  statusReason: z.string().nullable().optional(),
});
export const triageDataSchema = z.object({
  level: z.string(),
  specialty: z.string().nullable(),
  drivingFindings: z.array(z.string()),
  complaintText: z.string().nullable(),
});
export const appointmentDataSchema = z.object({
  status: z.string(),
  startsAt: z.string(),
  mode: z.string(),
  practitionerName: z.string().nullable().optional(),
});
export const fileDataSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
});
export const noteDataSchema = z.object({ authorName: z.string().nullable().optional(), text: z.string() });
export const activityDataSchema = z.object({ kind: z.string() });

export const practitionerListSchema = z.object({
  items: z.array(z.object({ id: z.string(), fullName: z.string() })),
});

export const okSchema = z.unknown();
