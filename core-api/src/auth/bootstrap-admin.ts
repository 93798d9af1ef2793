import path from 'node:path';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { resolveSecret } from '../shared/secrets';
import { hasActiveAdmin, insertUser } from '../users/users.repository';
import { ensureGatewayClient } from './gateway-client';
import { generateSecret, hashPassword } from './passwords';

const DEMO_ADMIN_EMAIL = 'admin@medlink.local';

/**
 * Creates the admin of BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no admin exists yet. In the embedded demo
 * (not production) with them unset, creates admin@medlink.local with a generated password kept in
 * DATA_DIR/secrets. Also creates the gateway's OAuth client when GATEWAY_CLIENT_SECRET is set.
 */
export async function bootstrapAdmin(deps: CoreApiDeps): Promise<void> {
  const { env } = deps;
  if (env.GATEWAY_CLIENT_SECRET) await ensureGatewayClient(deps);
  if (await hasActiveAdmin(deps.db)) return;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction && !(env.BOOTSTRAP_ADMIN_EMAIL && env.BOOTSTRAP_ADMIN_PASSWORD)) {
    deps.logger.warn('no admin exists: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD to create one');
    return;
  }
  const email = env.BOOTSTRAP_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL;
  const password = await resolveSecret({
    name: 'BOOTSTRAP_ADMIN_PASSWORD',
    value: env.BOOTSTRAP_ADMIN_PASSWORD,
    dataDir: env.DATA_DIR,
    isProduction,
    generate: () => generateSecret(18),
  });
  const created = await deps.db.transaction(async (tx) => {
    const user = await insertUser(tx, {
      email,
      passwordHash: await hashPassword(password),
      role: 'admin',
      displayName: 'Admin',
      preferredLanguage: 'fr',
    });
    if (user)
      await writeAudit(tx, {
        system: 'bootstrap',
        action: 'user.create',
        recordType: 'user',
        recordId: user.id,
        details: { role: 'admin' },
      });
    return user;
  });
  if (!created) {
    deps.logger.warn('the bootstrap admin email is already used by a non-admin or disabled account; no admin created');
    return;
  }
  if (env.BOOTSTRAP_ADMIN_PASSWORD) deps.logger.info('bootstrap admin created');
  else
    deps.logger.info(
      { file: path.join(env.DATA_DIR, 'secrets', 'bootstrap_admin_password') },
      `demo admin ${email} created; its password is in this file`,
    );
}
