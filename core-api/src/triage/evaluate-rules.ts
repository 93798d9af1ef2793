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

/**
 * The level alone, as evaluateRules gives it, without its explanation. Next questions are chosen by the level
 * a yes would give, which means one evaluation per candidate finding: this skips the rules that could not
 * raise the level found so far and builds no lists.
 */
export function levelOf(protocol: TriageProtocol, patient: PatientContext, present: ReadonlySet<string>): Level {
  let level: Level = 'self_care';
  let rank = -1;
  for (const rule of protocol.rules) {
    const ruleRank = levelRank(rule.level);
    if (ruleRank > rank && ruleFires(rule, patient, present)) {
      level = rule.level;
      rank = ruleRank;
    }
  }
  return level;
}

function ruleFires(rule: TriageRule, patient: PatientContext, present: ReadonlySet<string>): boolean {
  const { when } = rule;
  if (when.ageGroups && !when.ageGroups.includes(patient.ageGroup)) return false;
  if (when.pregnant && !patient.isPregnant) return false;
  if (when.all && !when.all.every((code) => present.has(code))) return false;
  if (when.any && !when.any.some((code) => present.has(code))) return false;
  const groups = when.anyGroup;
  if (groups) {
    for (const code of present) if (groups.includes(findingOf(code).group)) return true;
    return false;
  }
  return true;
}

/** The findings that made the rule fire, or undefined when it does not. */
function matchRule(rule: TriageRule, patient: PatientContext, present: ReadonlySet<string>): string[] | undefined {
  if (!ruleFires(rule, patient, present)) return undefined;
  const { when } = rule;
  const anyPresent = when.any?.filter((code) => present.has(code)) ?? [];
  const groups = when.anyGroup;
  const groupPresent = groups ? [...present].filter((code) => groups.includes(findingOf(code).group)) : [];
  return [...(when.all ?? []), ...anyPresent, ...groupPresent];
}
