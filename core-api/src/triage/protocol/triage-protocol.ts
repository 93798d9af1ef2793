import { z } from 'zod';
import adviceJson from './advice.json';
import { FINDING_CODES, findingsVocabulary, levelSchema } from './findings-vocabulary';
import questionsJson from './questions.json';
import rulesJson from './rules.json';

export const AGE_GROUPS = ['young_infant', 'child_under_5', 'school_age', 'adult', 'elderly'] as const;
export const ageGroupSchema = z.enum(AGE_GROUPS);
export type AgeGroup = z.infer<typeof ageGroupSchema>;

const findingCodeSchema = z
  .string()
  .refine((code) => FINDING_CODES.includes(code), { error: (issue) => `unknown finding code ${String(issue.input)}` });
const specialtySchema = z
  .string()
  .refine((value) => findingsVocabulary.specialties.includes(value), { error: 'unknown specialty' });
const textSchema = z.object({ fr: z.string().min(1), en: z.string().min(1) });
const findingGroupSchema = z.enum([
  'emergency_sign',
  'danger_sign',
  'danger_sign_child',
  'obstetric_danger_sign',
  'obstetric',
  'symptom',
  'context',
]);

const ruleSchema = z.object({
  id: z.string().min(1),
  level: levelSchema,
  specialty: specialtySchema,
  source: z.string().min(1),
  when: z
    .object({
      ageGroups: z.array(ageGroupSchema).optional(),
      pregnant: z.literal(true).optional(),
      all: z.array(findingCodeSchema).optional(),
      any: z.array(findingCodeSchema).optional(),
      anyGroup: z.array(findingGroupSchema).optional(),
    })
    .strict()
    .refine((when) => Boolean(when.all?.length || when.any?.length || when.anyGroup?.length), {
      error: 'a rule needs at least one finding condition',
    }),
  advice: textSchema.optional(),
});
export type TriageRule = z.infer<typeof ruleSchema>;

const rulesFileSchema = z.object({
  protocolVersion: z.string().regex(/^\d{4}\.\d{2}-\d+$/),
  about: z.string(),
  ageGroups: z.array(z.object({ id: ageGroupSchema, fromMonths: z.number().min(0), toMonths: z.number().positive() })),
  generalSpecialtyByAgeGroup: z.partialRecord(ageGroupSchema, specialtySchema),
  rules: z.array(ruleSchema).min(1),
});

const questionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/),
    kind: z.enum(['danger', 'detail']),
    ageGroups: z.array(ageGroupSchema).optional(),
    pregnant: z.literal(true).optional(),
    askWhen: z.array(findingCodeSchema).optional(),
    askWhenGroup: z.array(findingGroupSchema).optional(),
    findingCodes: z.array(findingCodeSchema).min(1),
    en: z.string().min(1),
    fr: z.string().min(1),
  })
  .strict();
export type TriageQuestion = z.infer<typeof questionSchema>;

const adviceFileSchema = z.object({
  about: z.string(),
  levels: z.object({ emergency: textSchema, urgent: textSchema, routine: textSchema, self_care: textSchema }),
  pending: textSchema,
  returnIntro: textSchema,
  confirmPrefix: textSchema,
  returnSigns: z.record(z.enum([...AGE_GROUPS, 'pregnant']), z.array(findingCodeSchema)),
});

export interface TriageProtocol {
  protocolVersion: string;
  ageGroups: z.infer<typeof rulesFileSchema>['ageGroups'];
  generalSpecialtyByAgeGroup: Partial<Record<AgeGroup, string>>;
  rules: TriageRule[];
  questions: TriageQuestion[];
  advice: z.infer<typeof adviceFileSchema>;
}

/** Parses the protocol documents; a broken protocol stops the service at start, never mid-triage. */
export function parseTriageProtocol(files: { rules: unknown; questions: unknown; advice: unknown }): TriageProtocol {
  const rules = rulesFileSchema.parse(files.rules);
  const { questions } = z.object({ questions: z.array(questionSchema) }).parse(files.questions);
  const advice = adviceFileSchema.parse(files.advice);
  const questionIds = new Set(questions.map((question) => question.id));
  if (questionIds.size !== questions.length) throw new Error('triage protocol: duplicate question id');
  const ruleIds = new Set(rules.rules.map((rule) => rule.id));
  if (ruleIds.size !== rules.rules.length) throw new Error('triage protocol: duplicate rule id');
  return {
    protocolVersion: rules.protocolVersion,
    ageGroups: rules.ageGroups,
    generalSpecialtyByAgeGroup: rules.generalSpecialtyByAgeGroup,
    rules: rules.rules,
    questions,
    advice,
  };
}

export const triageProtocol: TriageProtocol = parseTriageProtocol({
  rules: rulesJson,
  questions: questionsJson,
  advice: adviceJson,
});
