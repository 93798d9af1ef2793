import type { CoreApiDeps } from '../deps';

/** Creates the admin of BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no admin exists yet. */
export async function bootstrapAdmin(_deps: CoreApiDeps): Promise<void> {}
