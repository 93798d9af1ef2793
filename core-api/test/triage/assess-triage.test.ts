import { assessTriage, type TriageInput } from '../../src/triage/assess-triage';

const CORE_DANGER_NO = {
  severe_breathing_difficulty: false,
  blue_lips: false,
  unresponsive: false,
  lethargic: false,
  convulsions: false,
  severe_bleeding: false,
  shock_signs: false,
};
const adult = (change: Partial<TriageInput>): TriageInput => ({
  ageYears: 35,
  sex: 'male',
  findings: {},
  lang: 'en',
  ...change,
});

describe('assessTriage', () => {
  it('gives a final emergency for a confirmed emergency sign, whatever else is said', () => {
    const result = assessTriage(
      adult({
        findings: { stroke_signs: true, runny_nose: true, unresponsive: false },
        complaintText: 'no problem really',
      }),
    );
    expect(result).toMatchObject({
      level: 'emergency',
      isFinal: true,
      nextQuestions: [],
      drivingFindings: ['stroke_signs'],
    });
    expect(result.firedRules.map((rule) => rule.id)).toEqual(['medical.emergency-signs']);
  });

  it('asks the unanswered danger signs before giving any lower level, and keeps the level established so far', () => {
    const result = assessTriage(adult({ findings: { chest_pain: true } }));
    expect(result.isFinal).toBe(false);
    expect(result.level).toBe('urgent');
    expect(result.nextQuestions.map((question) => question.id).slice(0, 5)).toEqual([
      'danger.breathing',
      'danger.consciousness',
      'danger.convulsions',
      'danger.bleeding-shock',
      'chest.spreading',
    ]);
    expect(result.advice).toContain('Please answer a few more questions');
  });

  it('gives the final level once every question that could raise it is answered', () => {
    const result = assessTriage(
      adult({
        findings: {
          ...CORE_DANGER_NO,
          chest_pain: true,
          chest_pain_with_sweating_or_spreading: false,
          fast_breathing: false,
          mild_breathing_difficulty: false,
          known_chronic_condition: false,
        },
      }),
    );
    expect(result).toMatchObject({ level: 'urgent', specialty: 'internal_medicine', isFinal: true, nextQuestions: [] });
    expect(result.advice).toMatch(/^See a health worker today\./);
  });

  it('asks the IMCI general danger signs of a child under 5', () => {
    const ids = assessTriage({ ageYears: 2, sex: 'female', findings: { cough: true }, lang: 'fr' }).nextQuestions.map(
      (question) => question.id,
    );
    expect(ids).toEqual(
      expect.arrayContaining(['child.drink', 'child.vomits-everything', 'danger.convulsions', 'danger.consciousness']),
    );
    expect(ids.indexOf('child.drink')).toBeLessThan(ids.indexOf('resp.fast-breathing'));
  });

  it('asks the obstetric danger signs of a pregnant woman, in her language', () => {
    const result = assessTriage({ ageYears: 25, sex: 'female', pregnant: true, findings: CORE_DANGER_NO, lang: 'fr' });
    expect(result.nextQuestions.map((question) => question.id)).toEqual(
      expect.arrayContaining(['ob.bleeding-waters', 'ob.headache-vision', 'ob.pain-labour', 'ob.fetal-movement']),
    );
    expect(result.nextQuestions[0]?.text).toBe('Saignez-vous par le vagin, ou avez-vous perdu les eaux ?');
  });

  it('treats the same age given in months or in years alike', () => {
    const inYears = assessTriage({ ageYears: 0.125, sex: 'male', findings: { fever: true }, lang: 'en' });
    const inMonths = assessTriage({ ageMonths: 1.5, sex: 'male', findings: { fever: true }, lang: 'en' });
    expect(inMonths).toEqual(inYears);
    expect(inYears).toMatchObject({ level: 'emergency', specialty: 'pediatrics' });
  });

  it('is deterministic: the same input gives the same output', () => {
    const input = adult({
      complaintText: 'fièvre et toux depuis 3 semaines',
      lang: 'fr',
      findings: { lives_in_malaria_area: true },
    });
    expect(assessTriage(input)).toEqual(assessTriage(structuredClone(input)));
  });
});

describe('assessTriage with free text', () => {
  it('asks "ne respire plus" back first and does not raise the level on the text alone', () => {
    const result = assessTriage({
      ageYears: 4,
      sex: 'male',
      findings: {},
      complaintText: 'il ne respire plus',
      lang: 'fr',
    });
    expect(result.nextQuestions[0]).toEqual({
      id: 'confirm.severe_breathing_difficulty',
      findingCodes: ['severe_breathing_difficulty'],
      text: 'Pour être sûr : Grande difficulté à respirer, ne peut pas finir ses phrases, ou tirage thoracique ?',
    });
    expect(result.level).not.toBe('emergency');
    expect(result.isFinal).toBe(false);
  });

  it('gives emergency once the caller confirms what the text said', () => {
    const result = assessTriage({
      ageYears: 4,
      sex: 'male',
      findings: { severe_breathing_difficulty: true },
      complaintText: 'il ne respire plus',
      lang: 'fr',
    });
    expect(result).toMatchObject({ level: 'emergency', isFinal: true });
  });

  it('when the caller denies it, stops asking it but still asks the rest of the danger signs', () => {
    const result = assessTriage({
      ageYears: 4,
      sex: 'male',
      findings: { severe_breathing_difficulty: false },
      complaintText: 'il ne respire plus',
      lang: 'fr',
    });
    expect(result.nextQuestions.map((question) => question.id)).not.toContain('confirm.severe_breathing_difficulty');
    expect(result.nextQuestions.map((question) => question.id)).toContain('danger.breathing');
  });

  it('does not let a denial in the text answer a danger question ("no fever" for a young infant is still asked)', () => {
    const result = assessTriage({ ageMonths: 1, sex: 'female', findings: {}, complaintText: 'no fever', lang: 'en' });
    expect(result.textFindings.absent).toEqual(['fever']);
    expect(result.nextQuestions.map((question) => question.id)).toContain('infant.fever');
  });

  it('accepts a text finding that changes nothing, without asking it back', () => {
    const result = assessTriage(adult({ findings: CORE_DANGER_NO, complaintText: 'runny nose' }));
    expect(result.nextQuestions.map((question) => question.id)).not.toContain('confirm.runny_nose');
    expect(result.drivingFindings).toEqual(['runny_nose']);
  });

  it('asks back a text finding that would lower nothing but raise the level', () => {
    const result = assessTriage(adult({ findings: CORE_DANGER_NO, complaintText: 'I have chest pain' }));
    expect(result.nextQuestions[0]?.id).toBe('confirm.chest_pain');
    expect(result.level).toBe('self_care');
  });

  it("ignores pregnancy findings read from a man's text", () => {
    const result = assessTriage(adult({ complaintText: 'blurred vision' }));
    expect(result.nextQuestions.map((question) => question.id)).not.toContain(
      'confirm.pregnancy_severe_headache_or_blurred_vision',
    );
  });
});
