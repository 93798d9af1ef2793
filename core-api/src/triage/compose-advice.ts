import type { PatientContext, RulesOutcome } from './evaluate-rules';
import { findingOf, findingsVocabulary, type Lang } from './protocol/findings-vocabulary';
import type { TriageProtocol } from './protocol/triage-protocol';

/** What to do now, in the patient's language; self-care and routine advice end with the signs that should bring them back. */
export function composeAdvice(
  protocol: TriageProtocol,
  options: { outcome: RulesOutcome; isFinal: boolean; patient: PatientContext; lang: Lang },
): { text: string; returnIf: string[] } {
  const { outcome, isFinal, patient, lang } = options;
  const headline = findingsVocabulary.levels[outcome.level][lang];
  if (!isFinal) {
    const soFar = outcome.level === 'self_care' ? '' : `${headline}. `;
    return { text: `${soFar}${protocol.advice.pending[lang]}`, returnIf: [] };
  }
  const now = outcome.topRule?.advice?.[lang] ?? protocol.advice.levels[outcome.level][lang];
  if (outcome.level === 'emergency' || outcome.level === 'urgent') return { text: `${headline}. ${now}`, returnIf: [] };
  const signs = protocol.advice.returnSigns[patient.isPregnant ? 'pregnant' : patient.ageGroup] ?? [];
  const returnIf = signs.map((code) => findingOf(code)[lang]);
  return {
    text: `${headline}. ${now} ${protocol.advice.returnIntro[lang]} ${returnIf.join(lang === 'fr' ? ' ; ' : '; ')}.`,
    returnIf,
  };
}
