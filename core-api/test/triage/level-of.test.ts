import { evaluateRules, levelOf } from '../../src/triage/evaluate-rules';
import { FINDING_CODES } from '../../src/triage/protocol/findings-vocabulary';
import { AGE_GROUPS, triageProtocol } from '../../src/triage/protocol/triage-protocol';

/** A small seeded generator, so a failure names a case that can be run again. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const patients = AGE_GROUPS.flatMap((ageGroup) => [false, true].map((isPregnant) => ({ ageGroup, isPregnant })));

describe('levelOf (the level alone, used to choose the next questions)', () => {
  it('gives the level evaluateRules gives, for no finding, every finding alone and every pair, for every patient', () => {
    const sets = [
      [],
      ...FINDING_CODES.map((code) => [code]),
      ...FINDING_CODES.flatMap((a, index) => FINDING_CODES.slice(index + 1).map((b) => [a, b])),
    ];
    for (const patient of patients)
      for (const codes of sets) {
        const present = new Set(codes);
        expect({ patient, codes, level: levelOf(triageProtocol, patient, present) }).toEqual({
          patient,
          codes,
          level: evaluateRules(triageProtocol, patient, present).level,
        });
      }
  });

  it('gives the level evaluateRules gives for 5,000 random sets of findings', () => {
    const random = seededRandom(2026_11_26);
    for (let run = 0; run < 5_000; run += 1) {
      const patient = patients[Math.floor(random() * patients.length)]!;
      const present = new Set(FINDING_CODES.filter(() => random() < 0.08));
      expect(levelOf(triageProtocol, patient, present)).toBe(evaluateRules(triageProtocol, patient, present).level);
    }
  });
});
