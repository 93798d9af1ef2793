import { evaluateTriageCases, triageCases } from '../../../bench/triage/triage-evaluation';
import { FINDING_CODES, findingOf } from '../../src/triage/protocol/findings-vocabulary';

describe('the triage test set', () => {
  it('has at least 80 cases in French and English, infants to elderly, with pregnancies', () => {
    expect(triageCases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(triageCases.map((triageCase) => triageCase.lang))).toEqual(new Set(['fr', 'en']));
    const ages = triageCases.map((triageCase) => triageCase.ageYears ?? (triageCase.ageMonths ?? 0) / 12);
    expect(Math.min(...ages)).toBeLessThan(2 / 12);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(65);
    expect(triageCases.some((triageCase) => triageCase.pregnant)).toBe(true);
  });

  it('uses known finding codes and holds every emergency, danger and obstetric danger sign at least once', () => {
    const used = new Set(
      triageCases.flatMap((triageCase) => [...triageCase.truth, ...Object.keys(triageCase.given ?? {})]),
    );
    for (const code of used) expect(FINDING_CODES).toContain(code);
    const required = FINDING_CODES.filter((code) =>
      ['emergency_sign', 'danger_sign', 'danger_sign_child', 'obstetric_danger_sign'].includes(findingOf(code).group),
    );
    expect(required.filter((code) => !used.has(code))).toEqual([]);
  });

  it('meets the thresholds: emergency sensitivity 100 %, exact-level accuracy >= 85 %', () => {
    const evaluation = evaluateTriageCases();
    expect(evaluation.emergencySensitivity).toBe(1);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(evaluation.underTriageRate).toBeLessThanOrEqual(0.05);
  });
});
