import type { CoreApiDeps } from '../deps';

/** A handful of verified practitioners with weekly schedules at the given demo facilities. */
export async function seedDemoPractitioners(_deps: CoreApiDeps, _facilityIds: string[]): Promise<void> {}
