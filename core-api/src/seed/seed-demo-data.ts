import type { CoreApiDeps } from '../deps';
import { buildDemoResources } from './build-demo-resources';
import { countFacilities, findDemoAnchorFacilities, insertSystemResources } from './facility-import.repository';
import { loadFacilities, resolveFacilityFile } from './load-facilities';
import { seedDemoPractitioners } from './seed-demo-practitioners';

/** Who published the demo resources: the system, never a person. */
export const DEMO_PUBLISHER = 'demo-seed';
const PRACTITIONER_FACILITIES_PER_COUNTRY = 4;

/** Loads demo facilities, their resources and practitioners on a database that has no facility yet. */
export async function seedDemoData(deps: CoreApiDeps): Promise<void> {
  if ((await countFacilities(deps.db)) > 0) return;
  const file = resolveFacilityFile(deps.env.FACILITY_DATA_FILE);
  const report = await loadFacilities(deps.db, { file, limit: deps.env.DEMO_FACILITY_LIMIT });
  deps.logger.info(
    { file: report.file, rows: report.rows, inserted: report.inserted, skipped: report.skipped },
    'demo facilities loaded',
  );
  const anchors = await findDemoAnchorFacilities(deps.db);
  const resources = buildDemoResources(anchors, deps.clock(), {
    everyNth: 3,
    staleAfterHours: deps.env.RESOURCE_STALE_AFTER_H,
  });
  await insertSystemResources(deps.db, resources, DEMO_PUBLISHER);
  await seedDemoPractitioners(deps, pickPerCountry(anchors, PRACTITIONER_FACILITIES_PER_COUNTRY));
}

function pickPerCountry(anchors: readonly { id: string; countryIso3: string }[], perCountry: number): string[] {
  const taken = new Map<string, number>();
  const ids: string[] = [];
  for (const anchor of anchors) {
    const count = taken.get(anchor.countryIso3) ?? 0;
    if (count >= perCountry) continue;
    taken.set(anchor.countryIso3, count + 1);
    ids.push(anchor.id);
  }
  return ids;
}
