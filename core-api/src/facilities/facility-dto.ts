import type { z } from 'zod';
import type { FacilityDetailRow, FacilityRow, ResourceRow } from './facilities.repository';
import { weeklyHoursSchema } from './facilities.schemas';

/** Said wherever a facility has no published number: MedLink never invents one (it could ring a stranger). */
export const NO_PHONE_NOTICE = {
  fr: "Aucun numéro publié par l'établissement : MedLink n'en invente jamais.",
  en: 'No number published by the facility: MedLink never makes one up.',
};

type WeeklyHoursDto = z.infer<typeof weeklyHoursSchema>;
const parsedHours = new Map<string, WeeklyHoursDto | null>();
const MAX_PARSED_HOURS = 5_000;
/** The same row's hours are read twice per search (open now, then the DTO). */
const parsedObjects = new WeakMap<object, WeeklyHoursDto | null>();

/**
 * Stored hours, validated. Most facilities share a handful of schedules, and validation ran twice per row of
 * every search, so results are kept by the schedule's JSON text (callers only read them). Strings and other
 * non-objects never validate, as before.
 */
export function parseWeeklyHours(value: unknown): WeeklyHoursDto | null {
  if (typeof value !== 'object' || value === null) return null;
  const seen = parsedObjects.get(value);
  if (seen !== undefined) return seen;
  const key = JSON.stringify(value);
  let hours = parsedHours.get(key);
  if (hours === undefined) {
    const parsed = weeklyHoursSchema.safeParse(value);
    hours = parsed.success ? parsed.data : null;
    if (parsedHours.size >= MAX_PARSED_HOURS) parsedHours.clear();
    parsedHours.set(key, hours);
  }
  parsedObjects.set(value, hours);
  return hours;
}

export function areaIdOf(row: Pick<FacilityRow, 'country_iso3' | 'admin1' | 'admin2'>): string {
  return [row.country_iso3, row.admin1, row.admin1 ? row.admin2 : null]
    .filter((part): part is string => Boolean(part))
    .join('/');
}

export function toFacilitySummary(row: FacilityRow, openNow: boolean) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    services: row.services,
    emergencyCapable: row.emergency_capable,
    country: row.country,
    countryIso3: row.country_iso3,
    admin1: row.admin1,
    admin2: row.admin2,
    adminArea: areaIdOf(row),
    lat: row.lat,
    lon: row.lon,
    timeZone: row.time_zone,
    alwaysOpen: row.always_open,
    openingHours: parseWeeklyHours(row.opening_hours),
    openNow,
    ...(row.distance_m === null ? {} : { distanceKm: roundKm(row.distance_m) }),
    phone: row.phone,
    phoneNotice: row.phone ? null : NO_PHONE_NOTICE,
  };
}

export function toFacilityDetail(
  row: FacilityDetailRow,
  openNow: boolean,
  resources: ResourceRow[],
  now: Date,
  staleAfterHours: number,
) {
  return {
    ...toFacilitySummary(row, openNow),
    rawType: row.raw_type,
    ownership: row.ownership,
    sourceId: row.source_id,
    resources: resources.map((resource) => toResourceDto(resource, now, staleAfterHours)),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toResourceDto(row: ResourceRow, now: Date, staleAfterHours: number) {
  const ageHours = Math.max(0, (now.getTime() - row.updated_at.getTime()) / 3_600_000);
  return {
    kind: row.kind,
    item: row.item,
    quantity: row.quantity,
    available: row.available,
    updatedAt: row.updated_at.toISOString(),
    ageHours: Math.round(ageHours * 10) / 10,
    stale: ageHours > staleAfterHours,
    publishedBy: { type: row.updated_by_type, id: row.updated_by_id },
  };
}

export const roundKm = (metres: number) => Math.round(metres / 10) / 100;
