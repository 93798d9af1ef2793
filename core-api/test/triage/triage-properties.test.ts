import { assessTriage, type TriageInput } from '../../src/triage/assess-triage';
import { FINDING_CODES, findingOf, levelRank } from '../../src/triage/protocol/findings-vocabulary';
import { triageProtocol } from '../../src/triage/protocol/triage-protocol';
import { ageGroupOf } from '../../src/triage/assess-triage';

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  '',
  'fièvre et toux',
  'il ne respire plus',
  'no fever, headache',
  'bb vomi tt',
  'mal au ventre depuis 3 semaines',
  'chest pain',
  'pas de toux',
  'je suis enceinte et je saigne',
];
const EMERGENCY_SIGNS = FINDING_CODES.filter((code) => findingOf(code).group === 'emergency_sign');
const CASES = 2000;

function randomCase(random: () => number): TriageInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ageMonths = Math.floor(random() ** 2 * 1100);
  const sex = pick(['female', 'male', 'other'] as const);
  const findings: Record<string, boolean> = {};
  const count = Math.floor(random() * 9);
  for (let index = 0; index < count; index++) findings[pick(FINDING_CODES)] = random() < 0.4;
  const text = pick(TEXTS);
  return {
    ageMonths,
    sex,
    pregnant: sex === 'female' && ageMonths > 180 && ageMonths < 540 && random() < 0.3,
    findings,
    complaintText: text || undefined,
    lang: pick(['fr', 'en'] as const),
  };
}

describe('triage properties over seeded random cases', () => {
  it(`adding any emergency sign to any of ${CASES} cases gives a final emergency, never lower`, () => {
    const random = seededRandom(20261126);
    for (let index = 0; index < CASES; index++) {
      const input = randomCase(random);
      const code = EMERGENCY_SIGNS[Math.floor(random() * EMERGENCY_SIGNS.length)] ?? 'unresponsive';
      const result = assessTriage({ ...input, findings: { ...input.findings, [code]: true } });
      if (result.level !== 'emergency' || !result.isFinal)
        throw new Error(`case ${index} with ${code}: ${result.level}, final ${result.isFinal}`);
    }
  });

  it(`answering the next questions, yes or no, never lowers the level (${CASES} conversations)`, () => {
    const random = seededRandom(42);
    for (let index = 0; index < CASES; index++) {
      const input = randomCase(random);
      const findings = { ...input.findings };
      let previous = assessTriage(input);
      for (let turn = 0; turn < 60 && previous.nextQuestions.length > 0; turn++) {
        const question = previous.nextQuestions[0];
        for (const code of question?.findingCodes ?? []) findings[code] = random() < 0.15;
        const next = assessTriage({ ...input, findings });
        if (levelRank(next.level) < levelRank(previous.level))
          throw new Error(`case ${index} turn ${turn}: ${previous.level} -> ${next.level}`);
        previous = next;
      }
      if (!previous.isFinal) throw new Error(`case ${index}: no final level after 60 answers`);
    }
  });

  it('once an emergency sign is confirmed, more answers never bring the level below emergency', () => {
    const random = seededRandom(7);
    for (let index = 0; index < CASES; index++) {
      const input = randomCase(random);
      const findings: Record<string, boolean> = {
        ...input.findings,
        [EMERGENCY_SIGNS[index % EMERGENCY_SIGNS.length] ?? 'unresponsive']: true,
      };
      for (let extra = 0; extra < 5; extra++) {
        const code = FINDING_CODES[Math.floor(random() * FINDING_CODES.length)] ?? 'fever';
        if (!(code in findings)) findings[code] = random() < 0.5;
      }
      if (assessTriage({ ...input, findings }).level !== 'emergency') throw new Error(`case ${index} left emergency`);
    }
  });

  it('never gives a final level below emergency while a danger question that applies is unanswered', () => {
    const random = seededRandom(99);
    for (let index = 0; index < CASES; index++) {
      const input = randomCase(random);
      const result = assessTriage(input);
      if (!result.isFinal) {
        expect(result.nextQuestions.length).toBeGreaterThan(0);
        continue;
      }
      if (result.level === 'emergency') continue;
      const ageGroup = ageGroupOf(triageProtocol, input);
      const isPregnant = input.sex !== 'male' && input.pregnant === true;
      const coreDanger = triageProtocol.questions.filter(
        (question) =>
          question.kind === 'danger' &&
          !question.askWhen &&
          (!question.ageGroups || question.ageGroups.includes(ageGroup)) &&
          (!question.pregnant || isPregnant),
      );
      for (const question of coreDanger) {
        const isAnswered = question.findingCodes.every((code) => code in input.findings);
        if (!isAnswered) throw new Error(`case ${index}: final ${result.level} with ${question.id} unanswered`);
      }
    }
  });

  it('adding a present finding never lowers the level', () => {
    const random = seededRandom(314);
    for (let index = 0; index < CASES; index++) {
      const input = randomCase(random);
      const code = FINDING_CODES[Math.floor(random() * FINDING_CODES.length)] ?? 'fever';
      if (input.findings[code] === false) continue;
      const before = assessTriage(input);
      const after = assessTriage({ ...input, findings: { ...input.findings, [code]: true } });
      if (levelRank(after.level) < levelRank(before.level))
        throw new Error(`case ${index} + ${code}: ${before.level} -> ${after.level}`);
    }
  });
});
