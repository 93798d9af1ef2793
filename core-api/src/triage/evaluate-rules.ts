import { findingOf, levelRank, type Level } from './protocol/findings-vocabulary';
import type { AgeGroup, TriageProtocol, TriageRule } from './protocol/triage-protocol';

export interface PatientContext {
  ageGroup: AgeGroup;
  isPregnant: boolean;
}

export interface RulesOutcome {
  level: Level;
  specialty: string;
  drivingFindings: string[];
  /** The rules that gave the level, protocol order: the explanation of the result. */
  firedRules: { id: string; source: string }[];
  /** The first fired rule of the level, whose advice is shown. */
  topRule?: TriageRule;
}

/** Pure: the level is the highest of every fired rule; only present findings count, so more findings never lower it. */
export function evaluateRules(
  protocol: TriageProtocol,
  patient: PatientContext,
  present: ReadonlySet<string>,
): RulesOutcome {
  const fired: { rule: TriageRule; findings: string[] }[] = [];
  for (const rule of protocol.rules) {
    const findings = matchRule(rule, patient, present);
    if (findings) fired.push({ rule, findings });
  }
  const defaultSpecialty = protocol.generalSpecialtyByAgeGroup[patient.ageGroup] ?? 'general';
  if (fired.length === 0)
    return { level: 'self_care', specialty: defaultSpecialty, drivingFindings: [], firedRules: [] };
  const topRank = Math.max(...fired.map(({ rule }) => levelRank(rule.level)));
  const top = fired.filter(({ rule }) => levelRank(rule.level) === topRank);
  const [first] = top;
  const specialty = !first || first.rule.specialty === 'general' ? defaultSpecialty : first.rule.specialty;
  return {
    level: first?.rule.level ?? 'self_care',
    specialty,
    drivingFindings: [...new Set(top.flatMap(({ findings }) => findings))],
    firedRules: top.map(({ rule }) => ({ id: rule.id, source: rule.source })),
    topRule: first?.rule,
  };
}

/** The findings that made the rule fire, or undefined when it does not. */
function matchRule(rule: TriageRule, patient: PatientContext, present: ReadonlySet<string>): string[] | undefined {
  const { when } = rule;
  if (when.ageGroups && !when.ageGroups.includes(patient.ageGroup)) return undefined;
  if (when.pregnant && !patient.isPregnant) return undefined;
  if (when.all && !when.all.every((code) => present.has(code))) return undefined;
  const anyPresent = when.any?.filter((code) => present.has(code));
  if (anyPresent && anyPresent.length === 0) return undefined;
  const groups = when.anyGroup;
  const groupPresent = groups ? [...present].filter((code) => groups.includes(findingOf(code).group)) : undefined;
  if (groupPresent && groupPresent.length === 0) return undefined;
  return [...(when.all ?? []), ...(anyPresent ?? []), ...(groupPresent ?? [])];
}
