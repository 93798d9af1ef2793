import { composeAdvice } from './compose-advice';
import { evaluateRules, levelOf, type PatientContext } from './evaluate-rules';
import { readComplaint } from './free-text/read-complaint';
import { findingOf, levelRank, type Lang, type Level } from './protocol/findings-vocabulary';
import { triageProtocol, type AgeGroup, type TriageProtocol } from './protocol/triage-protocol';
import { selectNextQuestions, type NextQuestion } from './select-next-questions';

export interface TriageInput {
  /** Infants as fractions (0.25 = 3 months), or give ageMonths. */
  ageYears?: number;
  ageMonths?: number;
  sex: 'female' | 'male' | 'other';
  pregnant?: boolean;
  /** Answers so far: true present, false absent; codes not listed are unanswered. */
  findings: Readonly<Record<string, boolean>>;
  complaintText?: string;
  lang: Lang;
}

export interface TriageResult {
  level: Level;
  specialty: string;
  drivingFindings: string[];
  advice: string;
  /** For self-care and routine: the signs that should bring the patient back at once. */
  returnIf: string[];
  /** Empty means the level is final; otherwise ask the first one and call again. */
  nextQuestions: NextQuestion[];
  isFinal: boolean;
  firedRules: { id: string; source: string }[];
  /** What the free text was read as (present ones are asked back before they count). */
  textFindings: { present: string[]; absent: string[] };
  protocolVersion: string;
}

/**
 * The triage decision: pure and deterministic. Conservative by construction: a confirmed emergency
 * finding is final whatever else is said; otherwise every applicable question whose yes would raise
 * the level is returned, danger signs first, and the level is the one established so far.
 */
export function assessTriage(input: TriageInput, protocol: TriageProtocol = triageProtocol): TriageResult {
  const ageGroup = ageGroupOf(protocol, input);
  const patient: PatientContext = { ageGroup, isPregnant: input.sex !== 'male' && input.pregnant === true };
  const confirmed = Object.entries(input.findings)
    .filter(([, value]) => value)
    .map(([code]) => code);
  const reading = input.complaintText ? readComplaint(input.complaintText, input.lang) : { present: [], absent: [] };
  const textOnly = reading.present.filter((code) => !(code in input.findings) && isPlausibleFor(code, input, ageGroup));

  const baseRank = levelRank(levelOf(protocol, patient, new Set(confirmed)));
  const raisesAlone = (code: string) => levelRank(levelOf(protocol, patient, new Set([...confirmed, code]))) > baseRank;
  let unconfirmed = textOnly.filter(raisesAlone);
  let accepted = textOnly.filter((code) => !unconfirmed.includes(code));
  if (levelRank(levelOf(protocol, patient, new Set([...confirmed, ...accepted]))) > baseRank) {
    unconfirmed = textOnly;
    accepted = [];
  }

  const established = new Set([...confirmed, ...accepted]);
  const outcome = evaluateRules(protocol, patient, established);
  const nextQuestions =
    outcome.level === 'emergency'
      ? []
      : selectNextQuestions(
          protocol,
          {
            patient,
            established,
            answered: new Set([...Object.keys(input.findings), ...accepted]),
            triggers: new Set([...established, ...unconfirmed]),
            level: outcome.level,
          },
          unconfirmed,
          input.lang,
        );
  const isFinal = nextQuestions.length === 0;
  const advice = composeAdvice(protocol, { outcome, isFinal, patient, lang: input.lang });
  return {
    level: outcome.level,
    specialty: outcome.specialty,
    drivingFindings: outcome.drivingFindings,
    advice: advice.text,
    returnIf: advice.returnIf,
    nextQuestions,
    isFinal,
    firedRules: outcome.firedRules,
    textFindings: { present: reading.present, absent: reading.absent },
    protocolVersion: protocol.protocolVersion,
  };
}

export function ageGroupOf(protocol: TriageProtocol, input: Pick<TriageInput, 'ageYears' | 'ageMonths'>): AgeGroup {
  const months = input.ageMonths ?? (input.ageYears ?? 0) * 12;
  const group = protocol.ageGroups.find((candidate) => months >= candidate.fromMonths && months < candidate.toMonths);
  return group?.id ?? 'elderly';
}

/** Pregnancy findings read from a man's or a young child's text are a misreading ("mon bébé ne bouge plus"). */
function isPlausibleFor(code: string, input: TriageInput, ageGroup: AgeGroup): boolean {
  const { group } = findingOf(code);
  if (group !== 'obstetric_danger_sign' && group !== 'obstetric') return true;
  return input.sex !== 'male' && ageGroup !== 'young_infant' && ageGroup !== 'child_under_5';
}
