import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assessTriage } from '../../src/triage/assess-triage';
import { evaluateRules } from '../../src/triage/evaluate-rules';
import { LEXICONS } from '../../src/triage/free-text/read-complaint';
import { checkSharedVocabulary } from '../../src/triage/protocol/check-shared-vocabulary';
import {
  FINDING_CODES,
  findingOf,
  findingsVocabulary,
  findingsVocabularySchema,
} from '../../src/triage/protocol/findings-vocabulary';
import { AGE_GROUPS, parseTriageProtocol, triageProtocol } from '../../src/triage/protocol/triage-protocol';
import rulesJson from '../../src/triage/protocol/rules.json';
import questionsJson from '../../src/triage/protocol/questions.json';
import adviceJson from '../../src/triage/protocol/advice.json';

const SHARED_FINDINGS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'triage', 'findings.json');
const EMERGENCY_GROUPS = new Set(['emergency_sign', 'danger_sign', 'obstetric_danger_sign']);

describe('the findings vocabulary', () => {
  const sharedIt = existsSync(SHARED_FINDINGS) ? it : it.skip;
  sharedIt('is the same as ../shared/triage/findings.json (copy it over when the shared file changes)', () => {
    const shared = findingsVocabularySchema.parse(JSON.parse(readFileSync(SHARED_FINDINGS, 'utf8')));
    expect(findingsVocabulary).toEqual(shared);
  });

  it('is found beside the repository by the start-time check, and a changed file is reported', () => {
    if (existsSync(SHARED_FINDINGS)) expect(checkSharedVocabulary()).toBe('same');
    expect(checkSharedVocabulary(path.join(__dirname, 'no-such-file.json'))).toBe('absent');
    expect(checkSharedVocabulary(path.join(__dirname, 'cases.json'))).toBe('different');
  });

  it('has 82 unique codes', () => {
    expect(new Set(FINDING_CODES).size).toBe(82);
  });
});

describe('the protocol data', () => {
  it('covers every finding code with at least one rule', () => {
    const used = new Set(
      triageProtocol.rules.flatMap((rule) => [
        ...(rule.when.all ?? []),
        ...(rule.when.any ?? []),
        ...FINDING_CODES.filter((code) => rule.when.anyGroup?.includes(findingOf(code).group)),
      ]),
    );
    expect(FINDING_CODES.filter((code) => !used.has(code))).toEqual([]);
  });

  it.each(AGE_GROUPS)('gives emergency for every emergency sign alone in %s', (ageGroup) => {
    const emergencySigns = FINDING_CODES.filter((code) => findingOf(code).group === 'emergency_sign');
    for (const code of emergencySigns) {
      expect([code, evaluateRules(triageProtocol, { ageGroup, isPregnant: false }, new Set([code])).level]).toEqual([
        code,
        'emergency',
      ]);
    }
  });

  it('gives emergency for every obstetric danger sign but swelling (urgent: WHO PCPNC, health centre as soon as possible), and for every child danger sign under 5', () => {
    for (const code of FINDING_CODES.filter((candidate) => findingOf(candidate).group === 'obstetric_danger_sign')) {
      const expected = code === 'pregnancy_swelling_face_hands' ? 'urgent' : 'emergency';
      expect([
        code,
        evaluateRules(triageProtocol, { ageGroup: 'adult', isPregnant: true }, new Set([code])).level,
      ]).toEqual([code, expected]);
    }
    for (const code of ['unable_to_drink', 'vomits_everything', 'lethargic']) {
      for (const ageGroup of ['young_infant', 'child_under_5'] as const) {
        expect(evaluateRules(triageProtocol, { ageGroup, isPregnant: false }, new Set([code])).level).toBe('emergency');
      }
    }
  });

  it('orders questions danger signs first', () => {
    const kinds = triageProtocol.questions.map((question) => question.kind);
    expect(kinds.indexOf('detail')).toBeGreaterThan(kinds.lastIndexOf('danger'));
  });

  it('has a question about every emergency, danger and obstetric danger sign', () => {
    const asked = new Set(triageProtocol.questions.flatMap((question) => question.findingCodes));
    const missing = FINDING_CODES.filter(
      (code) => EMERGENCY_GROUPS.has(findingOf(code).group) || findingOf(code).group === 'danger_sign_child',
    ).filter((code) => !asked.has(code));
    expect(missing).toEqual([]);
  });

  it('puts in one question only findings that lead to the same level, so a yes the channel cannot split is safe', () => {
    for (const question of triageProtocol.questions.filter((candidate) => candidate.findingCodes.length > 1)) {
      const ageGroup = question.ageGroups?.[0] ?? 'adult';
      const base = new Set(question.askWhen?.slice(0, 1) ?? []);
      const levels = question.findingCodes.map(
        (code) =>
          evaluateRules(triageProtocol, { ageGroup, isPregnant: question.pregnant === true }, new Set([...base, code]))
            .level,
      );
      expect([question.id, new Set(levels).size]).toEqual([question.id, 1]);
    }
  });

  it('refuses a protocol that names an unknown finding code', () => {
    const broken = structuredClone(rulesJson);
    broken.rules[0]!.when.any = ['flying_pigs'];
    expect(() => parseTriageProtocol({ rules: broken, questions: questionsJson, advice: adviceJson })).toThrow(
      /unknown finding code flying_pigs/,
    );
  });

  it('has a lexicon entry for every finding code in French and in English', () => {
    for (const lexicon of [LEXICONS.fr, LEXICONS.en]) {
      expect([lexicon.lang, FINDING_CODES.filter((code) => !lexicon.entries[code])]).toEqual([lexicon.lang, []]);
    }
  });

  it('gives self-care with the signs that should bring the patient back, in the patient language', () => {
    const answersNo = Object.fromEntries(
      FINDING_CODES.filter((code) => code !== 'runny_nose').map((code) => [code, false]),
    );
    const french = assessTriage({
      ageYears: 3,
      sex: 'female',
      findings: { ...answersNo, runny_nose: true },
      lang: 'fr',
    });
    expect(french).toMatchObject({ level: 'self_care', isFinal: true, specialty: 'pediatrics' });
    expect(french.returnIf).toContain('Incapable de boire ou de téter');
    expect(french.advice).toContain('Consultez tout de suite si');
    const english = assessTriage({
      ageYears: 3,
      sex: 'female',
      findings: { ...answersNo, runny_nose: true },
      lang: 'en',
    });
    expect(english.returnIf).toContain('Unable to drink or breastfeed');
  });
});
