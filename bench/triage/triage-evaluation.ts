import { z } from 'zod';
import casesJson from '../../core-api/test/triage/cases.json';
import { assessTriage, type TriageResult } from '../../core-api/src/triage/assess-triage';
import { LEVELS, levelRank, type Level } from '../../core-api/src/triage/protocol/findings-vocabulary';

const caseSchema = z.object({
  id: z.string(),
  lang: z.enum(['fr', 'en']),
  ageYears: z.number().min(0).optional(),
  ageMonths: z.number().min(0).optional(),
  sex: z.enum(['female', 'male', 'other']),
  pregnant: z.boolean().optional(),
  complaintText: z.string().optional(),
  given: z.record(z.string(), z.boolean()).optional(),
  truth: z.array(z.string()),
  expected: z.object({ level: z.enum(LEVELS), specialty: z.string().optional() }),
  note: z.string().optional(),
});
export type TriageCase = z.infer<typeof caseSchema>;

export const triageCases: TriageCase[] = z.object({ cases: z.array(caseSchema) }).parse(casesJson).cases;

/** Plays the conversation: every question asked is answered from the case's truth until the level is final. */
export function runTriageCase(triageCase: TriageCase): { result: TriageResult; questionsAsked: string[] } {
  const findings: Record<string, boolean> = { ...triageCase.given };
  const truth = new Set([
    ...triageCase.truth,
    ...Object.entries(triageCase.given ?? {})
      .filter(([, value]) => value)
      .map(([code]) => code),
  ]);
  const questionsAsked: string[] = [];
  for (let turn = 0; turn < 80; turn++) {
    const result = assessTriage({
      ageYears: triageCase.ageYears,
      ageMonths: triageCase.ageMonths,
      sex: triageCase.sex,
      pregnant: triageCase.pregnant,
      findings,
      complaintText: triageCase.complaintText,
      lang: triageCase.lang,
    });
    const [question] = result.nextQuestions;
    if (!question) return { result, questionsAsked };
    questionsAsked.push(question.id);
    for (const code of question.findingCodes) findings[code] = truth.has(code);
  }
  throw new Error(`case ${triageCase.id}: no final level after 80 questions`);
}

export interface TriageEvaluation {
  /** matrix[expected][actual] = count */
  matrix: Record<Level, Record<Level, number>>;
  total: number;
  emergencySensitivity: number;
  accuracy: number;
  overTriageRate: number;
  underTriageRate: number;
  specialtyAccuracy: number;
  meanQuestions: number;
  /** Of the findings read from complaint texts, the share that the case's truth holds (the rest cost a confirmation question). */
  textPrecision: number;
  textReadings: number;
  mismatches: { id: string; expected: Level; actual: Level; expectedSpecialty?: string; actualSpecialty: string }[];
}

export function evaluateTriageCases(cases: readonly TriageCase[] = triageCases): TriageEvaluation {
  const matrix = Object.fromEntries(
    LEVELS.map((expected) => [expected, Object.fromEntries(LEVELS.map((actual) => [actual, 0]))]),
  ) as Record<Level, Record<Level, number>>;
  const mismatches: TriageEvaluation['mismatches'] = [];
  let over = 0;
  let under = 0;
  let exact = 0;
  let specialtyChecked = 0;
  let specialtyRight = 0;
  let questions = 0;
  let textReadings = 0;
  let textReadingsTrue = 0;
  for (const triageCase of cases) {
    const { result, questionsAsked } = runTriageCase(triageCase);
    const truth = new Set([...triageCase.truth, ...Object.keys(triageCase.given ?? {})]);
    textReadings += result.textFindings.present.length;
    textReadingsTrue += result.textFindings.present.filter((code) => truth.has(code)).length;
    const expected = triageCase.expected.level;
    matrix[expected][result.level] += 1;
    questions += questionsAsked.length;
    const difference = levelRank(result.level) - levelRank(expected);
    if (difference > 0) over += 1;
    if (difference < 0) under += 1;
    if (difference === 0) exact += 1;
    const expectedSpecialty = triageCase.expected.specialty;
    if (expectedSpecialty) {
      specialtyChecked += 1;
      if (expectedSpecialty === result.specialty) specialtyRight += 1;
    }
    if (difference !== 0 || (expectedSpecialty && expectedSpecialty !== result.specialty)) {
      mismatches.push({
        id: triageCase.id,
        expected,
        actual: result.level,
        expectedSpecialty,
        actualSpecialty: result.specialty,
      });
    }
  }
  const emergencies = LEVELS.reduce((sum, actual) => sum + matrix.emergency[actual], 0);
  const total = cases.length;
  return {
    matrix,
    total,
    emergencySensitivity: emergencies === 0 ? 1 : matrix.emergency.emergency / emergencies,
    accuracy: exact / total,
    overTriageRate: over / total,
    underTriageRate: under / total,
    specialtyAccuracy: specialtyChecked === 0 ? 1 : specialtyRight / specialtyChecked,
    meanQuestions: questions / total,
    textPrecision: textReadings === 0 ? 1 : textReadingsTrue / textReadings,
    textReadings,
    mismatches,
  };
}
