import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@medlink/platform/db';
import { insertFacilityRecords } from './facility-import.repository';
import { readFacilityCsv, type FacilityFileReport } from './read-facility-csv';
import { selectDemoFacilities } from './select-demo-facilities';

/** The shared data folder sits beside the repository (CI clones both side by side). */
export const DEFAULT_FACILITY_FILE = path.resolve(
  __dirname,
  '../../../../shared/data/facilities/ssa-public-health-facilities-maina2019.csv',
);
/** 60 real rows from five countries, used by tests and when the shared file is absent. */
export const FIXTURE_FACILITY_FILE = path.resolve(__dirname, 'fixtures/facilities-fixture.csv');

export function resolveFacilityFile(configured: string | undefined): string {
  if (configured) return configured;
  return existsSync(DEFAULT_FACILITY_FILE) ? DEFAULT_FACILITY_FILE : FIXTURE_FACILITY_FILE;
}

export interface FacilityLoadReport extends FacilityFileReport {
  file: string;
  selected: number;
  inserted: number;
}

/** Reads the file, keeps `limit` facilities across the demo countries (0 = all) and bulk-inserts them. */
export async function loadFacilities(db: Db, options: { file: string; limit: number }): Promise<FacilityLoadReport> {
  const { records, report } = await readFacilityCsv(options.file);
  const selected = selectDemoFacilities(records, options.limit);
  const inserted = await insertFacilityRecords(db, selected);
  return { ...report, file: options.file, selected: selected.length, inserted };
}
