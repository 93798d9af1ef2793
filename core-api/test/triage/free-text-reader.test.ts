import { assessTriage } from '../../src/triage/assess-triage';
import { readComplaint } from '../../src/triage/free-text/read-complaint';
import { findingOf } from '../../src/triage/protocol/findings-vocabulary';

/** Every emergency, danger and obstetric danger sign, as a patient might write it in each language. */
const DANGER_SIGN_PHRASES: [code: string, fr: string, en: string][] = [
  ['unresponsive', 'il est inconscient depuis une heure', 'he is unconscious'],
  ['lethargic', 'elle est très endormie', 'the baby is very floppy'],
  ['convulsions', 'il a fait des convultions', 'she had a seizure'],
  ['unable_to_drink', 'bb ne tète plus', 'baby not feeding'],
  ['vomits_everything', 'il vomit tt', 'he vomits everything'],
  ['severe_breathing_difficulty', "il n'arrive pas à respirer", "he can't breathe"],
  ['blue_lips', 'ses lèvres sont bleues', 'his lips are blue'],
  ['shock_signs', "elle s'est évanouie", 'he fainted'],
  [
    'chest_pain_with_sweating_or_spreading',
    'douleur à la poitrine qui irradie dans le bras',
    'chest pain going to my left arm',
  ],
  ['stroke_signs', 'sa bouche est tordue', 'face drooping on one side'],
  ['severe_bleeding', 'il saigne beaucoup', 'heavy bleeding from a cut'],
  ['stiff_neck', 'nuque raide', 'stiff neck'],
  ['confusion', 'il est confus', 'she is confused'],
  ['severe_dehydration', "il n'urine plus depuis hier", 'no urine since yesterday'],
  ['major_trauma', 'accident de moto', 'road accident'],
  ['severe_burn', 'brûlure grave au bras', 'severe burn on the arm'],
  ['snake_bite', 'mordu par un serpent', 'bitten by a snake'],
  ['poisoning', "il a bu de l'insecticide", 'she drank rat poison'],
  ['suicidal_thoughts', "j'ai envie de mourir", 'I want to kill myself'],
  ['suicide_plan_or_means', "j'ai prévu de me pendre", 'I have a rope ready'],
  ['sudden_vision_loss', 'il ne voit plus rien', 'suddenly went blind'],
  ['allergic_swelling', 'lèvres gonflées après une piqûre', 'swollen lips after eating peanuts'],
  ['low_blood_sugar_signs', 'hypoglycémie', 'my sugar is low'],
  ['vomiting_blood', 'il vomit du sang', 'vomiting blood'],
  ['eye_injury_or_chemical', "produit chimique dans l'oeil", 'chemical splashed in my eye'],
  ['pregnancy_bleeding', 'je suis enceinte et je saigne', 'pregnant and bleeding'],
  ['pregnancy_severe_headache_or_blurred_vision', 'vision trouble', 'blurred vision'],
  ['pregnancy_convulsions', 'éclampsie', 'fits after delivery'],
  ['pregnancy_waters_broken', "j'ai perdu les eaux", 'my waters broke'],
  ['pregnancy_reduced_fetal_movement', 'le bébé ne bouge plus', 'baby stopped moving'],
  ['postpartum_heavy_bleeding', "saignement après l'accouchement", 'bleeding after giving birth'],
  ['pregnancy_swelling_face_hands', 'mains gonflées', 'swollen hands'],
];

describe('the free-text reader on danger signs', () => {
  it('lists every emergency, danger and obstetric danger sign', () => {
    const listed = new Set(DANGER_SIGN_PHRASES.map(([code]) => code));
    expect(listed.size).toBe(32);
    for (const code of listed)
      expect(['emergency_sign', 'danger_sign', 'danger_sign_child', 'obstetric_danger_sign']).toContain(
        findingOf(code).group,
      );
  });

  it.each(DANGER_SIGN_PHRASES)('reads %s in French ("%s") and English ("%s")', (code, fr, en) => {
    expect(readComplaint(fr, 'fr').present).toContain(code);
    expect(readComplaint(en, 'en').present).toContain(code);
  });

  it.each(DANGER_SIGN_PHRASES.filter(([code]) => findingOf(code).group === 'emergency_sign'))(
    'asks %s back as the very first question, without trusting it',
    (code, fr, en) => {
      for (const [text, lang] of [
        [fr, 'fr'],
        [en, 'en'],
      ] as const) {
        const result = assessTriage({ ageYears: 30, sex: 'female', findings: {}, complaintText: text, lang });
        expect(result.nextQuestions[0]?.findingCodes).toEqual([code]);
        expect(result.isFinal).toBe(false);
      }
    },
  );
});

describe('the free-text reader', () => {
  it.each([
    ['mon bébé ne tète plus et il a chaud', 'fr', ['fever', 'unable_to_drink'], []],
    ['pas de fièvre', 'fr', [], ['fever']],
    ['sans toux, diarrhée', 'fr', ['diarrhoea'], ['cough']],
    ['il ne tousse pas', 'fr', [], ['cough']],
    ['il tousse pas', 'fr', [], ['cough']],
    ['pas de fièvre mais il tousse', 'fr', ['cough'], ['fever']],
    ['pas de fièvre ni de toux', 'fr', [], ['cough', 'fever']],
    ['no fever', 'en', [], ['fever']],
    ['no fever or cough, just a headache', 'en', ['headache'], ['cough', 'fever']],
    ["he doesn't have a fever", 'en', [], ['fever']],
    ['FIÈVRE ET TOUX', 'fr', ['cough', 'fever'], []],
  ])('reads "%s" (%s) as present %j and denied %j', (text, lang, present, absent) => {
    const reading = readComplaint(text, lang === 'fr' ? 'fr' : 'en');
    expect(reading.present).toEqual(present);
    expect(reading.absent).toEqual(absent);
  });

  it.each([
    ['bb vomi tt', 'fr', 'vomits_everything'],
    ['tjr de la fievre', 'fr', 'fever'],
    ['ki tousse pr rien depuis 3 semaines svp', 'fr', 'cough_over_2_weeks'],
    ['diarhee', 'fr', 'diarrhoea'],
    ['fievr', 'fr', 'fever'],
    ['vomissment', 'fr', 'vomiting'],
    ['hav a bad hedache', 'en', 'severe_headache'],
    ['cant breathe', 'en', 'severe_breathing_difficulty'],
    ['feva since 5 days', 'en', 'fever_over_3_days'],
    ['snak bite', 'en', 'snake_bite'],
  ])('tolerates shorthand and typos: "%s" (%s) gives %s', (text, lang, code) => {
    expect(readComplaint(text, lang === 'fr' ? 'fr' : 'en').present).toContain(code);
  });

  it('reads durations, and takes "a 6-month-old baby" as an age, not a duration', () => {
    expect(readComplaint('fièvre depuis 2 jours', 'fr')).toMatchObject({ durationDays: 2, present: ['fever'] });
    expect(readComplaint('fièvre depuis plus de 3 jours', 'fr').present).toContain('fever_over_3_days');
    expect(readComplaint('fievre depuis 5j', 'fr').present).toContain('fever_over_3_days');
    expect(readComplaint('cough for two weeks', 'en').present).toEqual(
      expect.arrayContaining(['cough_over_2_weeks', 'symptoms_over_2_weeks']),
    );
    expect(readComplaint('mon bébé de 6 mois a de la fièvre', 'fr')).toMatchObject({
      durationDays: null,
      present: ['fever'],
    });
  });

  it('reads a blood pressure of 180/110 or more, in mmHg or cmHg', () => {
    expect(readComplaint('tension 19/11', 'fr').present).toContain('very_high_blood_pressure');
    expect(readComplaint('my BP is 185/100', 'en').present).toContain('very_high_blood_pressure');
    expect(readComplaint('tension 12/8', 'fr').present).not.toContain('very_high_blood_pressure');
  });

  it('prefers the longer reading: "ça brûle quand j\'urine" is painful urination, not a burn', () => {
    expect(readComplaint("ça brûle quand j'urine", 'fr').present).toEqual(['painful_urination']);
  });

  it('reads nothing from an empty or meaningless text', () => {
    expect(readComplaint('', 'fr')).toEqual({ present: [], absent: [], durationDays: null });
    expect(readComplaint('bonjour docteur !!! 😊', 'fr').present).toEqual([]);
  });
});
