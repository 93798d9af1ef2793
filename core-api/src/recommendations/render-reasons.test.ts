import { formatKm, renderFacilityReasons, renderPractitionerReasons, type FacilityReasonFacts } from './render-reasons';

const maternity: FacilityReasonFacts = {
  service: 'maternity',
  isNearest: true,
  openNow: true,
  distanceKm: 3.2,
  freeBeds: { count: 4, stale: false, ageHours: 2 },
  medicine: null,
  emergencyCapable: true,
  showEmergency: false,
  rating: { rating: 3.5, count: 0 },
};

describe('recommendation reasons', () => {
  it('summarises a facility in one short sentence in French and in English', () => {
    expect(renderFacilityReasons(maternity, 'fr')).toEqual(['maternité ouverte la plus proche, 3,2 km, 4 lits libres']);
    expect(renderFacilityReasons(maternity, 'en')).toEqual(['nearest open maternity, 3.2 km, 4 free beds']);
  });

  it('agrees French words with the place and says when a facility is closed', () => {
    const lab = { ...maternity, service: 'laboratory' as const, openNow: false, freeBeds: null, distanceKm: 12 };
    expect(renderFacilityReasons(lab, 'fr')).toEqual(['laboratoire le plus proche, fermé en ce moment, 12 km']);
    expect(renderFacilityReasons(lab, 'en')).toEqual(['nearest laboratory, closed now, 12 km']);
  });

  it('says how old stale figures are, and reports medicine stock and ratings', () => {
    const stale = {
      ...maternity,
      isNearest: false,
      freeBeds: { count: 1, stale: true, ageHours: 75 },
      medicine: { item: 'oxytocin', available: true, stale: false, ageHours: 1 },
      rating: { rating: 4.25, count: 12 },
    };
    expect(renderFacilityReasons(stale, 'en')).toEqual([
      'open maternity, 3.2 km, 1 free bed',
      'oxytocin in stock',
      'figures published 3 days ago, may be out of date',
      'rated 4.3/5 (12 reviews)',
    ]);
    expect(renderFacilityReasons(stale, 'fr')).toEqual([
      'maternité ouverte, 3,2 km, 1 lit libre',
      'oxytocin : en stock',
      'chiffres publiés il y a 3 jours, peut-être plus à jour',
      'noté 4,3/5 (12 avis)',
    ]);
  });

  it('describes a practitioner by specialty, place, next free slot and language', () => {
    const facts = {
      specialty: 'pediatrics' as const,
      standsIn: false,
      facilityName: 'Kawempe Health Centre III',
      distanceKm: 2.1,
      hoursToSlot: 3.2,
      speaksLanguage: true,
      rating: { rating: 3.5, count: 0 },
    };
    expect(renderPractitionerReasons(facts, 'en')).toEqual([
      'paediatrician at Kawempe Health Centre III, 2.1 km, free slot in 3 h',
      'speaks English',
    ]);
    expect(renderPractitionerReasons(facts, 'fr')).toEqual([
      'pédiatre à Kawempe Health Centre III, 2,1 km, créneau libre dans 3 h',
      'parle français',
    ]);
    const remote = {
      ...facts,
      facilityName: null,
      distanceKm: null,
      hoursToSlot: 50,
      standsIn: true,
      speaksLanguage: false,
    };
    expect(renderPractitionerReasons(remote, 'en')).toEqual([
      'general practitioner, remote consultation, free slot in 2 days',
      'general practitioner: a first opinion before a paediatrician',
    ]);
  });

  it('writes distances exactly as Intl does in French and English, halves and thousands included', () => {
    const values = [
      0, 0.05, 0.15, 0.25, 0.35, 0.95, 0.99, 1, 9.95, 12.25, 999.94, 999.95, 999.99, 1000, 1234.56, 20037.5,
    ];
    for (let step = 0; step < 20_000; step += 1) values.push(Math.round(step * 7.919) / 100, (step * 0.7331) % 1001);
    const intl = {
      fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }),
      en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
    };
    for (const lang of ['fr', 'en'] as const)
      for (const km of values) expect(`${km} ${formatKm(km, lang)}`).toBe(`${km} ${intl[lang].format(km)} km`);
  });
});
