import type { FacilityRecord } from './to-facility-record';

/** Francophone and anglophone countries the demo covers, so both languages meet real local names. */
export const DEMO_COUNTRIES = [
  'SEN',
  'CIV',
  'CMR',
  'BFA',
  'MLI',
  'COD',
  'KEN',
  'NGA',
  'UGA',
  'GHA',
  'TZA',
  'RWA',
] as const;

/**
 * An even share of `limit` facilities per demo country (a small country's unused share goes to the others),
 * spread over each country's rows so every region appears. Deterministic: the same file gives the same subset.
 * `limit` 0 keeps everything.
 */
export function selectDemoFacilities(
  records: readonly FacilityRecord[],
  limit: number,
  countries: readonly string[] = DEMO_COUNTRIES,
): FacilityRecord[] {
  if (limit <= 0) return [...records];
  const byCountry = new Map<string, FacilityRecord[]>(countries.map((iso3) => [iso3, []]));
  for (const record of records) byCountry.get(record.countryIso3)?.push(record);
  const groups = [...byCountry.values()].filter((group) => group.length > 0).sort((a, b) => a.length - b.length);
  const selected: FacilityRecord[] = [];
  let remaining = limit;
  groups.forEach((group, index) => {
    const share = Math.floor(remaining / (groups.length - index));
    const take = Math.min(share, group.length);
    for (let i = 0; i < take; i += 1) {
      const picked = group[Math.floor((i * group.length) / take)];
      if (picked) selected.push(picked);
    }
    remaining -= take;
  });
  return selected;
}
