import type { Queryable } from '@medlink/platform/db';
import { parseHoursExceptions, type FacilityRow, type ResourceRow } from '../facilities/facilities.repository';
import { areaIdOf, parseWeeklyHours, roundKm } from '../facilities/facility-dto';
import { isOpenAt } from '../facilities/is-open-at';
import { parseAreaId } from '../facilities/search-facilities';
import { bayesianAverage } from '../reviews/bayesian-rating';
import { resolveNeed, type Specialty } from './care-needs';
import { nextFreeSlot } from './next-free-slot';
import { gatherRecommendationInputs, type RecommendationCatalogs } from './gather-recommendation-inputs';
import type { RecommendationInputs } from './recommendations.repository';
import type { RecommendationQuery } from './recommendations.schemas';
import { renderFacilityReasons, renderPractitionerReasons } from './render-reasons';
import {
  availabilityFactor,
  compareRanked,
  distanceFactor,
  FACILITY_WEIGHTS,
  isFacilityEligible,
  isPractitionerEligible,
  PRACTITIONER_WEIGHTS,
  ratingFactor,
  resourcesFactor,
  weightedScore,
  type PublishedResources,
} from './score-recommendation';

const FACILITY_CANDIDATES = 20;
const AFFILIATED_CANDIDATES = 30;
const REMOTE_CANDIDATES = 10;
const SLOT_HORIZON_DAYS = 14;

/**
 * Ranked practitioners and facilities for a need. Facilities come nearest first (already filtered by service
 * and, for emergencies, capability), then the hard rules are applied again here, where "open now" is known.
 * At emergency level no practitioner is proposed: the answer is to go.
 */
export async function recommendCare(
  deps: { db: Queryable; catalogs?: RecommendationCatalogs },
  query: RecommendationQuery,
  context: { now: Date; staleAfterHours: number },
) {
  const need = resolveNeed(query.need);
  const specialty = query.level !== 'emergency' ? need.specialty : null;
  const inputs = await gatherRecommendationInputs(deps, {
    origin: query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : undefined,
    area: query.adminArea ? parseAreaId(query.adminArea) : undefined,
    service: need.service,
    emergencyCapable: query.level === 'emergency' ? true : undefined,
    facilityLimit: FACILITY_CANDIDATES,
    now: context.now,
    practitioners: specialty
      ? {
          specialties: specialty === 'general' ? ['general'] : [specialty, 'general'],
          language: query.lang,
          remoteLimit: REMOTE_CANDIDATES,
          affiliatedLimit: AFFILIATED_CANDIDATES,
          slotsUntil: new Date(context.now.getTime() + SLOT_HORIZON_DAYS * 86_400_000),
        }
      : null,
  });
  const facilities = inputs.facilities
    .map((row) => ({
      row,
      openNow: isOpenAt(
        { alwaysOpen: row.always_open, weekly: parseWeeklyHours(row.opening_hours) },
        row.exceptions ?? parseHoursExceptions(row.hours_exceptions),
        row.time_zone,
        context.now,
      ),
    }))
    .filter(({ row, openNow }) =>
      isFacilityEligible(
        { services: row.services, openNow, emergencyCapable: row.emergency_capable },
        { service: need.service, level: query.level },
      ),
    );
  const ratingOf = (id: string) => {
    const total = inputs.reviewTotals.get(id) ?? { count: 0, sum: 0 };
    return { rating: bayesianAverage(total.sum, total.count), count: total.count };
  };
  const practitioners = specialty
    ? rankPractitioners(
        inputs,
        specialty,
        facilities.map(({ row }) => row),
        ratingOf,
        query,
        context.now,
      )
    : [];
  const rankedFacilities = rankFacilities(facilities, inputs.resources, ratingOf, query, need, context);
  return { practitioners, facilities: rankedFacilities };
}

function rankFacilities(
  facilities: { row: FacilityRow; openNow: boolean }[],
  resources: ResourceRow[],
  ratingOf: (id: string) => { rating: number; count: number },
  query: RecommendationQuery,
  need: ReturnType<typeof resolveNeed>,
  context: { now: Date; staleAfterHours: number },
) {
  const distanceOf = (row: FacilityRow) => (row.distance_m === null ? null : roundKm(row.distance_m));
  // Every facility at the smallest distance is "the nearest": equal distances make no false claim.
  const minimumDistance = (candidates: typeof facilities) =>
    Math.min(...candidates.map((f) => f.row.distance_m ?? Number.POSITIVE_INFINITY));
  const nearestOpenMetres = minimumDistance(facilities.filter((f) => f.openNow));
  const nearestMetres = minimumDistance(facilities);
  // Reasons are written only for what is shown (below, after slice): they take no part in the ranking.
  return facilities
    .map(({ row, openNow }) => {
      const published = summariseResources(
        resources.filter((resource) => resource.facility_id === row.id),
        need.wards,
        query.medicine,
        context,
      );
      const rating = ratingOf(row.id);
      const distanceKm = distanceOf(row);
      const factors = {
        distance: distanceFactor(distanceKm),
        openNow: openNow ? 1 : 0,
        resources: resourcesFactor(published.factors),
        rating: ratingFactor(rating.rating),
        emergency: row.emergency_capable ? 1 : 0,
      };
      const isNearest = row.distance_m !== null && row.distance_m === (openNow ? nearestOpenMetres : nearestMetres);
      return {
        id: row.id,
        name: row.name,
        type: row.type,
        distanceKm,
        openNow,
        emergencyCapable: row.emergency_capable,
        adminArea: areaIdOf(row),
        phone: row.phone,
        rating,
        score: weightedScore(factors, FACILITY_WEIGHTS[query.level]),
        facts: {
          service: need.service,
          isNearest,
          openNow,
          distanceKm,
          freeBeds: published.beds,
          medicine: published.medicine,
          emergencyCapable: row.emergency_capable,
          showEmergency: query.level === 'urgent',
          rating,
        },
      };
    })
    .sort(compareRanked)
    .slice(0, query.limit)
    .map(({ facts, ...ranked }) => ({ ...ranked, reasons: renderFacilityReasons(facts, query.lang) }));
}

function summariseResources(
  rows: ResourceRow[],
  wards: readonly string[],
  medicine: string | undefined,
  context: { now: Date; staleAfterHours: number },
) {
  const bedRows = rows.filter((row) => row.kind === 'beds' && wards.includes(row.item));
  const beds = bedRows.length
    ? {
        count: bedRows.reduce((sum, row) => sum + (row.available ? (row.quantity ?? 0) : 0), 0),
        stale: bedRows.some((row) => isStale(row, context)),
        ageHours: Math.max(...bedRows.map((row) => ageOf(row, context))),
      }
    : null;
  const medicineRow = medicine ? rows.find((row) => row.kind === 'medicine' && row.item === medicine) : undefined;
  const medicineFact = medicineRow
    ? {
        item: medicineRow.item,
        available: medicineRow.available,
        stale: isStale(medicineRow, context),
        ageHours: ageOf(medicineRow, context),
      }
    : null;
  const equipmentRows = rows.filter((row) => row.kind === 'equipment');
  const factors: PublishedResources = {
    freeBeds: beds,
    medicine: medicineFact,
    equipment: equipmentRows.length
      ? {
          working: equipmentRows.filter((row) => row.available).length,
          total: equipmentRows.length,
          stale: equipmentRows.some((row) => isStale(row, context)),
        }
      : null,
  };
  return { beds, medicine: medicineFact, factors };
}

function ageOf(row: ResourceRow, context: { now: Date }): number {
  return Math.max(0, (context.now.getTime() - row.updated_at.getTime()) / 3_600_000);
}

function isStale(row: ResourceRow, context: { now: Date; staleAfterHours: number }): boolean {
  return ageOf(row, context) > context.staleAfterHours;
}

function rankPractitioners(
  inputs: RecommendationInputs,
  specialty: Specialty,
  facilities: FacilityRow[],
  ratingOf: (id: string) => { rating: number; count: number },
  query: RecommendationQuery,
  now: Date,
) {
  const candidates = inputs.candidates.filter((candidate) =>
    isPractitionerEligible({ verificationStatus: candidate.verification_status }),
  );
  const facilityById = new Map(facilities.map((facility) => [facility.id, facility]));
  return candidates
    .map((candidate) => {
      const facility = candidate.facility_id ? facilityById.get(candidate.facility_id) : undefined;
      const distanceKm = facility && facility.distance_m !== null ? roundKm(facility.distance_m) : null;
      const standsIn = !candidate.specialties.includes(specialty);
      const slot = nextFreeSlot(candidate.id, inputs.schedules.get(candidate.id), now, SLOT_HORIZON_DAYS);
      const hoursToSlot = slot ? Math.max(0, (slot.getTime() - now.getTime()) / 3_600_000) : null;
      const speaksLanguage = candidate.languages.includes(query.lang);
      const rating = ratingOf(candidate.id);
      const factors = {
        distance: distanceFactor(distanceKm),
        match: standsIn ? 0.5 : 1,
        availability: availabilityFactor(hoursToSlot),
        rating: ratingFactor(rating.rating),
        language: speaksLanguage ? 1 : 0,
      };
      return {
        id: candidate.id,
        name: candidate.full_name,
        specialties: candidate.specialties,
        languages: candidate.languages,
        facilityId: facility?.id ?? null,
        facilityName: facility?.name ?? null,
        remote: !facility,
        distanceKm,
        nextFreeSlot: slot ? slot.toISOString() : null,
        rating,
        score: weightedScore(factors, PRACTITIONER_WEIGHTS[query.level]),
        facts: {
          specialty,
          standsIn,
          facilityName: facility?.name ?? null,
          distanceKm,
          hoursToSlot,
          speaksLanguage,
          rating,
        },
      };
    })
    .sort(compareRanked)
    .slice(0, query.limit)
    .map(({ facts, ...ranked }) => ({ ...ranked, reasons: renderPractitionerReasons(facts, query.lang) }));
}
