/**
 * Ranking of recommended facilities and practitioners. Each factor is a number in [0, 1]; the score is
 * their weighted mean (weights per triage level, below), rounded to 3 decimals. Pure: every input is an
 * argument, so the tests need no database and no clock.
 *
 * Order of results: score (high first), then distance (near first, unknown last), then name, then id,
 * so equal candidates always come back in the same order.
 */
export type Level = 'emergency' | 'urgent' | 'routine' | 'self_care';

export type FacilityFactors = {
  /** 1 at the door, 0.5 at HALF_DISTANCE_KM, towards 0 far away; 0.5 when the patient gave no location. */
  distance: number;
  /** 1 open now, 0 closed. */
  openNow: number;
  /** Published beds, medicine and equipment, halved when older than RESOURCE_STALE_AFTER_H; 0 when nothing is published. */
  resources: number;
  /** Bayesian rating mapped from 1..5 to 0..1. */
  rating: number;
  /** 1 when the facility takes emergencies. */
  emergency: number;
};

export type PractitionerFactors = {
  distance: number;
  /** 1 for the needed specialty, 0.5 for a general practitioner standing in. */
  match: number;
  /** 1 for a free slot now, 0.5 in a day, towards 0 later; 0 without a free slot in the horizon. */
  availability: number;
  rating: number;
  /** 1 when the practitioner speaks the patient's language. */
  language: number;
};

export const FACILITY_WEIGHTS: Record<Level, FacilityFactors> = {
  emergency: { distance: 6, openNow: 0, resources: 2, rating: 0.5, emergency: 0 },
  urgent: { distance: 4, openNow: 3, resources: 2, rating: 1, emergency: 1 },
  routine: { distance: 3, openNow: 1.5, resources: 1, rating: 2, emergency: 0 },
  self_care: { distance: 3, openNow: 2, resources: 1, rating: 1, emergency: 0 },
};
// At emergency level every facility shown is open and emergency capable (hard rules), so those weigh 0.

export const PRACTITIONER_WEIGHTS: Record<Level, PractitionerFactors> = {
  emergency: { distance: 3, match: 2, availability: 4, rating: 0.5, language: 1 },
  urgent: { distance: 2, match: 2, availability: 4, rating: 1, language: 2 },
  routine: { distance: 2, match: 3, availability: 1.5, rating: 2, language: 2 },
  self_care: { distance: 1, match: 2, availability: 1, rating: 1, language: 2 },
};

export const HALF_DISTANCE_KM = 5;
export const STALE_RESOURCE_FACTOR = 0.5;
export const MAX_USEFUL_BEDS = 5;

export function weightedScore(
  factors: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>>,
): number {
  let total = 0;
  let weightSum = 0;
  for (const key in weights) {
    const weight = weights[key] ?? 0;
    total += weight * (Object.hasOwn(factors, key) ? (factors[key] ?? 0) : 0);
    weightSum += weight;
  }
  return weightSum === 0 ? 0 : Math.round((total / weightSum) * 1000) / 1000;
}

export function distanceFactor(distanceKm: number | null): number {
  return distanceKm === null ? 0.5 : 1 / (1 + distanceKm / HALF_DISTANCE_KM);
}

export function ratingFactor(rating: number): number {
  return Math.min(1, Math.max(0, (rating - 1) / 4));
}

export function availabilityFactor(hoursToSlot: number | null): number {
  return hoursToSlot === null ? 0 : 1 / (1 + Math.max(0, hoursToSlot) / 24);
}

export interface PublishedResources {
  /** Free beds in the wards that matter for the need; null when none published. */
  freeBeds: { count: number; stale: boolean } | null;
  /** The medicine the patient asked for; null when not asked or not published. */
  medicine: { available: boolean; stale: boolean } | null;
  equipment: { working: number; total: number; stale: boolean } | null;
}

export function resourcesFactor(resources: PublishedResources): number {
  const parts: number[] = [];
  const discount = (stale: boolean) => (stale ? STALE_RESOURCE_FACTOR : 1);
  if (resources.freeBeds)
    parts.push(
      (Math.min(resources.freeBeds.count, MAX_USEFUL_BEDS) / MAX_USEFUL_BEDS) * discount(resources.freeBeds.stale),
    );
  if (resources.medicine) parts.push((resources.medicine.available ? 1 : 0) * discount(resources.medicine.stale));
  if (resources.equipment && resources.equipment.total > 0) {
    parts.push((resources.equipment.working / resources.equipment.total) * discount(resources.equipment.stale));
  }
  return parts.length === 0 ? 0 : parts.reduce((sum, part) => sum + part, 0) / parts.length;
}

export interface Ranked {
  id: string;
  name: string;
  score: number;
  distanceKm: number | null;
}

/** The documented order: score, then distance, then name, then id. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  const distanceA = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const distanceB = b.distanceKm ?? Number.POSITIVE_INFINITY;
  if (distanceA !== distanceB) return distanceA - distanceB;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface EligibilityInput {
  services: readonly string[];
  openNow: boolean;
  emergencyCapable: boolean;
}

/** Hard rules: never a facility without the needed service; at emergency level never one closed now or not emergency capable. */
export function isFacilityEligible(facility: EligibilityInput, need: { service: string; level: Level }): boolean {
  if (!facility.services.includes(need.service)) return false;
  if (need.level === 'emergency') return facility.openNow && facility.emergencyCapable;
  return true;
}

/** Hard rule: only verified practitioners are ever recommended. */
export function isPractitionerEligible(practitioner: { verificationStatus: string }): boolean {
  return practitioner.verificationStatus === 'verified';
}
