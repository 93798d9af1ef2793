import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { mapFacilityType } from './facility-types';
import { FIXTURE_FACILITY_FILE } from './load-facilities';
import { readFacilityCsv } from './read-facility-csv';
import { selectDemoFacilities } from './select-demo-facilities';
import { toFacilityRecord, type FacilitySourceRow } from './to-facility-record';

const TYPES_FILE = path.resolve(__dirname, '../../../../shared/data/facilities/facility-types-by-country.csv');

const row = (overrides: Partial<FacilitySourceRow>): FacilitySourceRow => ({
  source_row: '42',
  country: 'Kenya',
  iso3: 'KEN',
  admin1: 'Nairobi',
  facility_name: 'Test Facility',
  facility_type: 'Dispensary',
  ownership: 'MoH',
  lat: '-1.28',
  lon: '36.82',
  ll_source: 'GPS',
  ...overrides,
});

describe('facility import mapping', () => {
  it('maps every raw facility_type string of the source to a MedLink type', async () => {
    const file = existsSync(TYPES_FILE) ? TYPES_FILE : FIXTURE_FACILITY_FILE;
    const rows: { facility_type: string }[] = parse(await readFile(file), { columns: true });
    const unmapped = [...new Set(rows.map((r) => r.facility_type))].filter((raw) => !mapFacilityType(raw));
    expect(unmapped).toEqual([]);
  });

  it.each([
    ['Hôpital de District', 'hospital', true],
    ['Centre Hospitalier Universitaire', 'referral_hospital', true],
    ['Poste de Santé', 'health_post', false],
    ['Centre de Santé Intégré', 'health_centre', false],
    ['DISPENSARY', 'dispensary', false],
    ['Health Centre IV', 'health_centre', true],
    ['Centro Materno Infantil', 'maternity', false],
  ])('loads %s as %s (emergency capable: %s)', (raw, type, emergency) => {
    const result = toFacilityRecord(row({ facility_type: raw }));
    expect(result).toMatchObject({ ok: true, record: { type, emergencyCapable: emergency } });
  });

  it('gives hospitals 24/7 hours, others a weekly schedule, the country’s time zone, and no phone', () => {
    const hospital = toFacilityRecord(row({ facility_type: 'District Hospital', iso3: 'NGA', country: 'Nigeria' }));
    const post = toFacilityRecord(row({ facility_type: 'Poste de Santé', iso3: 'SEN', country: 'Senegal' }));
    expect(hospital).toMatchObject({
      ok: true,
      record: { alwaysOpen: true, openingHours: null, timeZone: 'Africa/Lagos' },
    });
    expect(post).toMatchObject({
      ok: true,
      record: { alwaysOpen: false, timeZone: 'Africa/Dakar', openingHours: { mon: [['08:00', '16:00']] } },
    });
    expect(post.ok && 'phone' in post.record).toBe(false);
  });

  it('normalises admin1 spelling variants and keeps rows without coordinates unlocated', () => {
    expect(toFacilityRecord(row({ admin1: 'Homabay' }))).toMatchObject({ record: { admin1: 'Homa Bay' } });
    expect(toFacilityRecord(row({ iso3: 'SEN', admin1: 'Saintlouis' }))).toMatchObject({
      record: { admin1: 'Saint-Louis' },
    });
    expect(toFacilityRecord(row({ iso3: 'ZWE', admin1: 'Mashonaland\u00a0East' }))).toMatchObject({
      record: { admin1: 'Mashonaland East' },
    });
    expect(toFacilityRecord(row({ lat: '', lon: '' }))).toMatchObject({ record: { lat: null, lon: null } });
  });

  it('reports a raw type it does not know instead of guessing', () => {
    expect(toFacilityRecord(row({ facility_type: 'Spaceport' }))).toEqual({
      ok: false,
      reason: 'unknown_type',
      value: 'Spaceport',
    });
  });

  it('reads the fixture file and picks a deterministic demo subset across French- and English-speaking countries', async () => {
    const { records, report } = await readFacilityCsv(FIXTURE_FACILITY_FILE);
    expect(report).toEqual({ rows: 59, loaded: 59, skipped: {} });
    const subset = selectDemoFacilities(records, 24);
    expect(subset).toHaveLength(24);
    expect(new Set(subset.map((r) => r.countryIso3))).toEqual(new Set(['SEN', 'CIV', 'CMR', 'KEN', 'NGA', 'UGA']));
    expect(selectDemoFacilities(records, 24)).toEqual(subset);
    expect(selectDemoFacilities(records, 0)).toHaveLength(59);
  });
});
