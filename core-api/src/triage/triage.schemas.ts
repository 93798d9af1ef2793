import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../shared/pagination';
import { FINDING_CODES, LEVELS, langSchema } from './protocol/findings-vocabulary';
import { AGE_GROUPS } from './protocol/triage-protocol';

/** The channel ids of bot-gateway/src/channels (same strings in the database, metrics and logs). */
const TRIAGE_CHANNELS = [
  'africastalking-ussd',
  'africastalking-sms',
  'twilio-sms',
  'twilio-whatsapp',
  'meta-whatsapp',
] as const;

const findingAnswersSchema = z.record(z.string(), z.boolean()).superRefine((findings, context) => {
  for (const code of Object.keys(findings)) {
    if (!FINDING_CODES.includes(code))
      context.addIssue({ code: 'custom', path: [code], message: `unknown finding code "${code}"` });
  }
});

export const assessRequestSchema = z
  .object({
    ageYears: z
      .number()
      .min(0)
      .max(130)
      .optional()
      .meta({ description: 'Age in years; infants as fractions (0.25 = 3 months)' }),
    ageMonths: z.number().min(0).max(1560).optional().meta({ description: 'Alternative to ageYears for infants' }),
    sex: z.enum(['female', 'male', 'other']),
    pregnant: z.boolean().default(false),
    complaintText: z.string().trim().max(1000).optional().meta({
      description: 'What the patient wrote, French or English; read findings are asked back before they count',
    }),
    findings: findingAnswersSchema
      .default({})
      .meta({ description: 'Answers so far: finding code -> true (present) or false (absent)' }),
    lang: langSchema,
    patientId: z
      .uuid()
      .optional()
      .meta({ description: 'Gateway client only: store the final result for this patient' }),
    channel: z.enum(TRIAGE_CHANNELS).optional(),
  })
  .superRefine((body, context) => {
    if (body.ageYears === undefined && body.ageMonths === undefined) {
      context.addIssue({ code: 'custom', path: ['ageYears'], message: 'ageYears or ageMonths is required' });
    }
    if (body.pregnant && body.sex === 'male')
      context.addIssue({ code: 'custom', path: ['pregnant'], message: 'pregnant requires sex female or other' });
  })
  .meta({ id: 'TriageAssessRequest' });
export type AssessRequest = z.infer<typeof assessRequestSchema>;

const levelSchema = z.enum(LEVELS);

export const assessResponseSchema = z
  .object({
    level: levelSchema.meta({ description: 'While nextQuestions is not empty: the highest level established so far' }),
    specialty: z.string(),
    drivingFindings: z.array(z.string()),
    advice: z.string(),
    returnIf: z.array(z.string()),
    nextQuestions: z.array(z.object({ id: z.string(), findingCodes: z.array(z.string()), text: z.string() })),
    isFinal: z.boolean(),
    firedRules: z.array(z.object({ id: z.string(), source: z.string() })),
    textFindings: z.object({ present: z.array(z.string()), absent: z.array(z.string()) }),
    protocolVersion: z.string(),
    triageRecordId: z.uuid().optional(),
  })
  .meta({ id: 'TriageAssessment' });

const localized = { fr: z.string(), en: z.string() };

export const protocolResponseSchema = z
  .object({
    protocolVersion: z.string(),
    levels: z.array(z.object({ id: levelSchema, ...localized })),
    ageGroups: z.array(z.object({ id: z.enum(AGE_GROUPS), fromMonths: z.number(), toMonths: z.number() })),
    specialties: z.array(z.string()),
    findings: z.array(z.object({ code: z.string(), group: z.string(), ...localized })),
    questions: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['danger', 'detail']),
        findingCodes: z.array(z.string()),
        ageGroups: z.array(z.enum(AGE_GROUPS)).optional(),
        pregnant: z.boolean().optional(),
        askWhen: z.array(z.string()).optional(),
        ...localized,
      }),
    ),
  })
  .meta({ id: 'TriageProtocol' });

export const recordsQuerySchema = pageQuerySchema.extend({ patientId: z.uuid() });

export const triageRecordSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    channel: z.string().nullable(),
    level: levelSchema,
    specialty: z.string().nullable(),
    drivingFindings: z.array(z.string()),
    findings: z.record(z.string(), z.boolean()),
    ageYears: z.number().nullable(),
    sex: z.string().nullable(),
    pregnant: z.boolean().nullable(),
    protocolVersion: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'TriageRecord' });
export type TriageRecordDto = z.infer<typeof triageRecordSchema>;

export const recordsPageSchema = pageSchema(triageRecordSchema).meta({ id: 'TriageRecordPage' });
