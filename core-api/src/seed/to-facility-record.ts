import { z } from 'zod';
import type { FacilityService, FacilityType } from '../facilities/facility-vocabulary';
import type { WeeklyHours } from '../facilities/is-open-at';
import { normaliseAdmin1 } from './admin-area-names';
import { countryInfo } from './countries';
import { DEFAULT_HOURS_BY_TYPE, inferServices } from './facility-services';
import { mapFacilityType } from './facility-types';

/** One row of ssa-public-health-facilities-maina2019.csv, as its README documents the columns. */
export const facilitySourceRowSchema = z.object({
  source_row: z.string().regex(/^\d+$/),
  country: z.string().min(1),
  iso3: z.string().regex(/^[A-Z]{3}$/),
  admin1: z.string(),
  facility_name: z.string().min(1),
  facility_type: z.string().min(1),
  ownership: z.string(),
  lat: z.string(),
  lon: z.string(),
  ll_source: z.string(),
});
export type FacilitySourceRow = z.infer<typeof facilitySourceRowSchema>;

export interface FacilityRecord {
  sourceId: string;
  name: string;
  type: FacilityType;
  rawType: string;
  ownership: string | null;
  services: FacilityService[];
  emergencyCapable: boolean;
  timeZone: string;
  openingHours: WeeklyHours | null;
  alwaysOpen: boolean;
  country: string;
  countryIso3: string;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
}

export type FacilityRecordResult =
  { ok: true; record: FacilityRecord } | { ok: false; reason: 'unknown_type' | 'unknown_country'; value: string };

/** Maps one source row to what MedLink stores. No phone number: the source has none and none is invented. */
export function toFacilityRecord(row: FacilitySourceRow): FacilityRecordResult {
  const mapped = mapFacilityType(row.facility_type);
  if (!mapped) return { ok: false, reason: 'unknown_type', value: row.facility_type };
  const country = countryInfo(row.iso3);
  if (!country) return { ok: false, reason: 'unknown_country', value: row.iso3 };
  const { services, emergencyCapable } = inferServices(mapped.type, mapped.extraServices);
  const hours = DEFAULT_HOURS_BY_TYPE[mapped.type];
  return {
    ok: true,
    record: {
      sourceId: `maina2019:${row.source_row}`,
      name: row.facility_name.replace(/\s+/g, ' ').trim(),
      type: mapped.type,
      rawType: row.facility_type,
      ownership: row.ownership.trim() || null,
      services,
      emergencyCapable,
      timeZone: country.timeZone,
      openingHours: hours === 'always' ? null : hours,
      alwaysOpen: hours === 'always',
      country: row.country,
      countryIso3: row.iso3,
      admin1: normaliseAdmin1(row.iso3, row.admin1),
      ...coordinates(row.lat, row.lon),
    },
  };
}

function coordinates(lat: string, lon: string): { lat: number | null; lon: number | null } {
  const latitude = Number.parseFloat(lat);
  const longitude = Number.parseFloat(lon);
  const valid =
    Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
  return valid ? { lat: latitude, lon: longitude } : { lat: null, lon: null };
}
