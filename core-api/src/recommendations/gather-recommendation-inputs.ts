import type { Queryable } from '@medlink/platform/db';
import type { FacilityCatalog } from '../facilities/facility-catalog';
import { searchCatalogView, type CatalogView } from '../facilities/facility-catalog-view';
import type { FacilityService } from '../facilities/facility-vocabulary';
import { findPractitionerCandidates, type PractitionerCatalog, type PractitionerView } from './practitioner-catalog';
import {
  findLiveInputs,
  findRecommendationInputs,
  type LiveInputs,
  type PractitionerSchedule,
  type RecommendationInputs,
  type RecommendationInputsQuery,
} from './recommendations.repository';

export interface RecommendationCatalogs {
  facilities: FacilityCatalog;
  practitioners: PractitionerCatalog;
}

export interface InputsRequest {
  origin?: { lat: number; lon: number };
  area?: { iso3: string; admin1?: string; admin2?: string };
  service: FacilityService;
  emergencyCapable?: boolean;
  facilityLimit: number;
  now: Date;
  practitioners: RecommendationInputsQuery['practitioners'];
}

/**
 * What a recommendation ranks. With an origin, candidates come from the in-memory catalogues and one small
 * statement reads what changes all the time (resources, reviews, leave, appointments) together with the
 * catalogue versions. Without catalogues or without an origin (an area alone is listed in name order, by SQL
 * collation), one statement reads everything.
 */
export async function gatherRecommendationInputs(
  deps: { db: Queryable; catalogs?: RecommendationCatalogs },
  request: InputsRequest,
): Promise<RecommendationInputs> {
  if (request.origin && deps.catalogs)
    return fromCatalogs(deps.db, deps.catalogs, { ...request, origin: request.origin });
  return findRecommendationInputs(deps.db, {
    facilities:
      request.origin || request.area
        ? {
            origin: request.origin,
            area: request.area,
            service: request.service,
            emergencyCapable: request.emergencyCapable,
            limit: request.facilityLimit,
          }
        : null,
    now: request.now,
    practitioners: request.practitioners,
  });
}

/**
 * Candidates from the views held, checked by the versions the statement itself reads: when nothing changed up
 * to the statement's snapshot (taken after the request arrived), the candidates were current and the check
 * cost no round trip. Otherwise the catalogues are brought up to date (each with its own read, issued after
 * the request arrived) and the statement runs again with the new candidates.
 */
async function fromCatalogs(
  db: Queryable,
  catalogs: RecommendationCatalogs,
  request: InputsRequest & { origin: { lat: number; lon: number } },
): Promise<RecommendationInputs> {
  const wantsPractitioners = request.practitioners !== null;
  const heldFacilities = catalogs.facilities.latest();
  const heldPractitioners = wantsPractitioners ? catalogs.practitioners.latest() : undefined;
  if (heldFacilities && (heldPractitioners || !wantsPractitioners)) {
    const { inputs, versions } = await readWith(db, request, heldFacilities, heldPractitioners);
    const isCurrent =
      versions.facilities === heldFacilities.version &&
      (!heldPractitioners || versions.practitioners === heldPractitioners.version);
    if (isCurrent) return inputs;
  }
  const [facilities, practitioners] = await Promise.all([
    catalogs.facilities.current(),
    wantsPractitioners ? catalogs.practitioners.current() : undefined,
  ]);
  return (await readWith(db, request, facilities, practitioners)).inputs;
}

async function readWith(
  db: Queryable,
  request: InputsRequest & { origin: { lat: number; lon: number } },
  facilityView: CatalogView,
  practitionerView: PractitionerView | undefined,
): Promise<{ inputs: RecommendationInputs; versions: LiveInputs['versions'] }> {
  const facilities = searchCatalogView(facilityView, {
    origin: request.origin,
    services: [request.service],
    emergencyCapable: request.emergencyCapable,
    area: request.area,
    limit: request.facilityLimit,
  });
  const wanted = request.practitioners;
  const { candidates, rules } =
    wanted && practitionerView
      ? findPractitionerCandidates(practitionerView, {
          facilityIds: facilities.map((facility) => facility.id),
          specialties: wanted.specialties,
          language: wanted.language,
          affiliatedLimit: wanted.affiliatedLimit,
          remoteLimit: wanted.remoteLimit,
          rulesFrom: new Date(request.now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
        })
      : { candidates: [], rules: new Map() };
  const live = await findLiveInputs(db, {
    facilityIds: facilities.map((facility) => facility.id),
    practitionerIds: candidates.map((candidate) => candidate.id),
    now: request.now,
    slotsUntil: wanted?.slotsUntil ?? request.now,
  });
  const schedules = new Map<string, PractitionerSchedule>();
  for (const { id } of candidates) {
    const weekly = rules.get(id) ?? [];
    const changing = live.schedules.get(id);
    if (weekly.length > 0 || changing)
      schedules.set(id, { rules: weekly, exceptions: changing?.exceptions ?? [], booked: changing?.booked ?? [] });
  }
  return {
    versions: live.versions,
    inputs: { facilities, resources: live.resources, reviewTotals: live.reviewTotals, candidates, schedules },
  };
}
