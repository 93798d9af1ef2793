import type { Queryable } from '@medlink/platform/db';
import type { AvailabilityRule } from '../appointments/compute-free-slots';
import { VersionedCatalog } from '../catalog/versioned-catalog';
import { findCatalogPractitioners, type CatalogPractitionerRow } from './practitioner-catalog.repository';
import type { PractitionerCandidateRow } from './recommendations.repository';

export interface CatalogPractitioner {
  id: string;
  full_name: string;
  specialties: readonly string[];
  languages: readonly string[];
  offersRemote: boolean;
  facilityIds: readonly string[];
  /** Weekly rules in rule id order, as the SQL path reads them. */
  rules: readonly AvailabilityRule[];
}

/** Verified practitioners, by id, by facility they work at, and those who consult remotely (in id order). */
export interface PractitionerView {
  readonly version: number;
  readonly byId: ReadonlyMap<string, CatalogPractitioner>;
  readonly byFacility: ReadonlyMap<string, readonly CatalogPractitioner[]>;
  readonly remote: readonly CatalogPractitioner[];
}

export type PractitionerCatalog = VersionedCatalog<PractitionerView>;

/** Verified practitioners with their affiliations and weekly rules, for recommendations (migration 0203). */
export function createPractitionerCatalog(db: Queryable): PractitionerCatalog {
  return new VersionedCatalog(db, 'practitioners', {
    loadAll: async (reader, version) => {
      const shared = new SharedValues();
      const rows = await findCatalogPractitioners(reader, null);
      return buildView(
        version,
        rows.map((row) => toPractitioner(row, shared)),
      );
    },
    applyChanges: async (reader, held, version, changedIds) => {
      const byId = new Map(held.byId);
      for (const id of changedIds) byId.delete(id);
      const shared = new SharedValues();
      for (const row of await findCatalogPractitioners(reader, changedIds))
        byId.set(row.id, toPractitioner(row, shared));
      return buildView(version, [...byId.values()]);
    },
  });
}

export interface CandidateQuery {
  /** The candidate facilities, nearest first. */
  facilityIds: readonly string[];
  specialties: readonly string[];
  language: string;
  affiliatedLimit: number;
  remoteLimit: number;
  /** Rules that ended before this date (YYYY-MM-DD) are left out. */
  rulesFrom: string;
}

/**
 * The practitioners the SQL path (findRecommendationInputs) finds, in the same order: those of the wanted
 * specialties working at a candidate facility, each at the nearest one, the first `affiliatedLimit` by id;
 * then the first `remoteLimit` remote ones by id, those speaking the patient's language first, minus any
 * already taken; each with its weekly rules.
 */
export function findPractitionerCandidates(
  view: PractitionerView,
  query: CandidateQuery,
): { candidates: PractitionerCandidateRow[]; rules: Map<string, readonly AvailabilityRule[]> } {
  const isWanted = (practitioner: CatalogPractitioner) =>
    practitioner.specialties.some((specialty) => query.specialties.includes(specialty));
  const nearestFacility = new Map<string, string>();
  for (const facilityId of query.facilityIds) {
    for (const practitioner of view.byFacility.get(facilityId) ?? []) {
      if (isWanted(practitioner) && !nearestFacility.has(practitioner.id))
        nearestFacility.set(practitioner.id, facilityId);
    }
  }
  const affiliated = [...nearestFacility.keys()].sort().slice(0, query.affiliatedLimit);
  const taken = new Set(affiliated);
  const remote = remoteCandidates(view, query)
    .filter((practitioner) => !taken.has(practitioner.id))
    .map((practitioner) => practitioner.id)
    .sort();
  const rules = new Map<string, readonly AvailabilityRule[]>();
  const candidates = [...affiliated, ...remote].map((id) => {
    const practitioner = view.byId.get(id)!;
    rules.set(id, rulesFrom(practitioner.rules, query.rulesFrom));
    return {
      id,
      full_name: practitioner.full_name,
      specialties: practitioner.specialties,
      languages: practitioner.languages,
      verification_status: 'verified',
      facility_id: nearestFacility.get(id) ?? null,
    };
  });
  return { candidates, rules };
}

const remoteByView = new WeakMap<PractitionerView, Map<string, readonly CatalogPractitioner[]>>();

/** The first remote practitioners by id, those speaking the language first; the same for every request of a view. */
function remoteCandidates(
  view: PractitionerView,
  query: Pick<CandidateQuery, 'specialties' | 'language' | 'remoteLimit'>,
): readonly CatalogPractitioner[] {
  let known = remoteByView.get(view);
  if (!known) {
    known = new Map();
    remoteByView.set(view, known);
  }
  const key = `${query.specialties.join(',')}|${query.language}|${query.remoteLimit}`;
  let found = known.get(key);
  if (!found) {
    const speaking: CatalogPractitioner[] = [];
    const others: CatalogPractitioner[] = [];
    for (const practitioner of view.remote) {
      if (speaking.length >= query.remoteLimit) break;
      if (!practitioner.specialties.some((specialty) => query.specialties.includes(specialty))) continue;
      if (practitioner.languages.includes(query.language)) speaking.push(practitioner);
      else if (others.length < query.remoteLimit) others.push(practitioner);
    }
    found = [...speaking, ...others].slice(0, query.remoteLimit);
    known.set(key, found);
  }
  return found;
}

/** The rules still valid on `from` or later; the same array when all are (so results stay comparable by identity). */
function rulesFrom(rules: readonly AvailabilityRule[], from: string): readonly AvailabilityRule[] {
  if (rules.every((rule) => rule.validUntil === null || rule.validUntil >= from)) return rules;
  return rules.filter((rule) => rule.validUntil === null || rule.validUntil >= from);
}

function buildView(version: number, practitioners: CatalogPractitioner[]): PractitionerView {
  const byFacility = new Map<string, CatalogPractitioner[]>();
  for (const practitioner of practitioners) {
    for (const facilityId of practitioner.facilityIds) {
      const list = byFacility.get(facilityId) ?? [];
      list.push(practitioner);
      byFacility.set(facilityId, list);
    }
  }
  return {
    version,
    byId: new Map(practitioners.map((practitioner) => [practitioner.id, practitioner])),
    byFacility,
    remote: practitioners
      .filter((practitioner) => practitioner.offersRemote)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function toPractitioner(row: CatalogPractitionerRow, shared: SharedValues): CatalogPractitioner {
  return {
    id: row.id,
    full_name: row.full_name,
    specialties: shared.list(row.specialties),
    languages: shared.list(row.languages),
    offersRemote: row.offers_remote,
    facilityIds: shared.list(row.facility_ids),
    rules: shared.rules(row.rules),
  };
}

/**
 * Equal lists and weekly schedules, stored once: colleagues at one facility often share a schedule, and each
 * row read would otherwise hold its own copies (the 20,000 of the benchmark took 42 MB with them, 22 MB without).
 */
class SharedValues {
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly schedules = new Map<string, readonly AvailabilityRule[]>();

  list(values: string[]): readonly string[] {
    const key = values.join('\n');
    const known = this.lists.get(key);
    if (known) return known;
    const list = values.map((value) => this.text(value));
    this.lists.set(key, list);
    return list;
  }

  text(value: string): string {
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    this.texts.set(value, value);
    return value;
  }

  rules(rows: CatalogPractitionerRow['rules']): readonly AvailabilityRule[] {
    const key = JSON.stringify(rows);
    const known = this.schedules.get(key);
    if (known) return known;
    const rules = rows.map(
      ([facilityId, weekday, startMinute, endMinute, slotMinutes, timeZone, validFrom, validUntil]) => ({
        weekday,
        startMinute,
        endMinute,
        slotMinutes,
        timeZone: this.text(timeZone),
        facilityId: facilityId === null ? null : this.text(facilityId),
        validFrom,
        validUntil,
      }),
    );
    this.schedules.set(key, rules);
    return rules;
  }
}
