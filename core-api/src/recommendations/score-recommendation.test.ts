import {
  compareRanked,
  distanceFactor,
  FACILITY_WEIGHTS,
  isFacilityEligible,
  isPractitionerEligible,
  resourcesFactor,
  weightedScore,
} from './score-recommendation';

describe('recommendation scoring', () => {
  it('is the weighted mean of the factors, so perfect factors score 1 and none score 0', () => {
    const perfect = { distance: 1, openNow: 1, resources: 1, rating: 1, emergency: 1 };
    const nothing = { distance: 0, openNow: 0, resources: 0, rating: 0, emergency: 0 };
    expect(weightedScore(perfect, FACILITY_WEIGHTS.routine)).toBe(1);
    expect(weightedScore(nothing, FACILITY_WEIGHTS.routine)).toBe(0);
    const nearClosed = { ...perfect, openNow: 0 };
    const openTenKmAway = { ...perfect, distance: distanceFactor(10) };
    // For an urgent need, an open facility 10 km away beats a closed one next door.
    expect(weightedScore(openTenKmAway, FACILITY_WEIGHTS.urgent)).toBeGreaterThan(
      weightedScore(nearClosed, FACILITY_WEIGHTS.urgent),
    );
    expect(weightedScore({ ...perfect, distance: distanceFactor(1) }, FACILITY_WEIGHTS.emergency)).toBeGreaterThan(
      weightedScore({ ...perfect, distance: distanceFactor(10) }, FACILITY_WEIGHTS.emergency),
    );
  });

  it('halves stale published figures and ignores what was never published', () => {
    const fresh = resourcesFactor({ freeBeds: { count: 5, stale: false }, medicine: null, equipment: null });
    const stale = resourcesFactor({ freeBeds: { count: 5, stale: true }, medicine: null, equipment: null });
    expect(fresh).toBe(1);
    expect(stale).toBe(0.5);
    expect(resourcesFactor({ freeBeds: null, medicine: null, equipment: null })).toBe(0);
    expect(
      resourcesFactor({
        freeBeds: null,
        medicine: { available: false, stale: false },
        equipment: { working: 1, total: 2, stale: false },
      }),
    ).toBe(0.25);
  });

  it('breaks ties by distance, then name, then id', () => {
    const items = [
      { id: 'b', name: 'Same', score: 0.5, distanceKm: 2 },
      { id: 'a', name: 'Same', score: 0.5, distanceKm: 2 },
      { id: 'c', name: 'Alpha', score: 0.5, distanceKm: 2 },
      { id: 'd', name: 'Zulu', score: 0.5, distanceKm: 1 },
      { id: 'e', name: 'Remote', score: 0.5, distanceKm: null },
      { id: 'f', name: 'Best', score: 0.9, distanceKm: 30 },
    ];
    expect([...items].sort(compareRanked).map((item) => item.id)).toEqual(['f', 'd', 'c', 'a', 'b', 'e']);
  });

  it.each([
    [
      'a facility without the needed service, at any level',
      { services: ['outpatient'], openNow: true, emergencyCapable: true },
      'maternity',
      'routine',
      false,
    ],
    [
      'a closed facility at emergency level',
      { services: ['maternity'], openNow: false, emergencyCapable: true },
      'maternity',
      'emergency',
      false,
    ],
    [
      'a facility that is not emergency capable at emergency level',
      { services: ['maternity'], openNow: true, emergencyCapable: false },
      'maternity',
      'emergency',
      false,
    ],
    [
      'an open, capable facility with the service at emergency level',
      { services: ['maternity'], openNow: true, emergencyCapable: true },
      'maternity',
      'emergency',
      true,
    ],
    [
      'a closed facility with the service for a routine need',
      { services: ['maternity'], openNow: false, emergencyCapable: false },
      'maternity',
      'routine',
      true,
    ],
  ] as const)('hard rule: %s', (_case, facility, service, level, eligible) => {
    expect(isFacilityEligible(facility, { service, level })).toBe(eligible);
  });

  it('hard rule: only verified practitioners are eligible', () => {
    expect(isPractitionerEligible({ verificationStatus: 'verified' })).toBe(true);
    expect(isPractitionerEligible({ verificationStatus: 'pending' })).toBe(false);
    expect(isPractitionerEligible({ verificationStatus: 'suspended' })).toBe(false);
  });
});
