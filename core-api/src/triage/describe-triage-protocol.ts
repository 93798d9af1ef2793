import { LEVELS, findingsVocabulary } from './protocol/findings-vocabulary';
import { triageProtocol } from './protocol/triage-protocol';

/** The public view of the protocol in force; the rules themselves are documented in docs/triage.md. */
export function describeTriageProtocol() {
  return {
    protocolVersion: triageProtocol.protocolVersion,
    levels: LEVELS.map((id) => ({ id, ...findingsVocabulary.levels[id] })),
    ageGroups: triageProtocol.ageGroups,
    specialties: findingsVocabulary.specialties,
    findings: findingsVocabulary.findings.map(({ code, group, fr, en }) => ({ code, group, fr, en })),
    questions: triageProtocol.questions.map((question) => ({
      id: question.id,
      kind: question.kind,
      findingCodes: question.findingCodes,
      ...(question.ageGroups ? { ageGroups: question.ageGroups } : {}),
      ...(question.pregnant ? { pregnant: true } : {}),
      ...(question.askWhen ? { askWhen: question.askWhen } : {}),
      fr: question.fr,
      en: question.en,
    })),
  };
}
