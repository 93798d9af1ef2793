import { z } from 'zod';
import findingsJson from './findings.json';

export const LEVELS = ['emergency', 'urgent', 'routine', 'self_care'] as const;
export const levelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof levelSchema>;

export const langSchema = z.enum(['fr', 'en']);
export type Lang = z.infer<typeof langSchema>;

const textSchema = z.object({ fr: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof textSchema>;

const findingGroupSchema = z.enum([
  'emergency_sign',
  'danger_sign',
  'danger_sign_child',
  'obstetric_danger_sign',
  'obstetric',
  'symptom',
  'context',
]);
export type FindingGroup = z.infer<typeof findingGroupSchema>;

export const findingsVocabularySchema = z.object({
  about: z.string(),
  findings: z.array(
    z.object({
      code: z.string().regex(/^[a-z0-9_]+$/),
      group: findingGroupSchema,
      en: z.string().min(1),
      fr: z.string().min(1),
    }),
  ),
  levels: z.object({ emergency: textSchema, urgent: textSchema, routine: textSchema, self_care: textSchema }),
  specialties: z.array(z.string()),
});
export type FindingsVocabulary = z.infer<typeof findingsVocabularySchema>;
export type Finding = FindingsVocabulary['findings'][number];

/**
 * The checked-in copy of ../shared/triage/findings.json: the engine never reads outside the repo at
 * run time; findings-vocabulary.test.ts fails when the two drift apart.
 */
export const findingsVocabulary: FindingsVocabulary = findingsVocabularySchema.parse(findingsJson);

export const FINDING_CODES: readonly string[] = findingsVocabulary.findings.map((finding) => finding.code);
const findingByCode = new Map(findingsVocabulary.findings.map((finding) => [finding.code, finding]));

export const isFindingCode = (code: string): boolean => findingByCode.has(code);

export function findingOf(code: string): Finding {
  const finding = findingByCode.get(code);
  if (!finding) throw new Error(`unknown finding code ${code}`);
  return finding;
}

export const levelRank = (level: Level): number => LEVELS.length - 1 - LEVELS.indexOf(level);

export const higherLevel = (a: Level, b: Level): Level => (levelRank(a) >= levelRank(b) ? a : b);
