import type { CoreApiDeps } from '../deps';
import { resolveSecret } from '../shared/secrets';
import { findClientByClientId, upsertClient } from './oauth-clients.repository';
import { generateSecret, hashPassword, verifyPassword } from './passwords';

/**
 * Makes sure the bot-gateway's OAuth client (GATEWAY_CLIENT_ID, scope `gateway`) exists and accepts
 * GATEWAY_CLIENT_SECRET; in the embedded demo that secret is generated once and kept in DATA_DIR/secrets.
 */
export async function ensureGatewayClient(deps: CoreApiDeps): Promise<{ clientId: string; clientSecret: string }> {
  const { env } = deps;
  const clientId = env.GATEWAY_CLIENT_ID;
  const clientSecret = await resolveSecret({
    name: 'GATEWAY_CLIENT_SECRET',
    value: env.GATEWAY_CLIENT_SECRET,
    dataDir: env.DATA_DIR,
    isProduction: env.NODE_ENV === 'production',
    generate: () => generateSecret(),
  });
  const existing = await findClientByClientId(deps.db, clientId);
  const isCurrent =
    existing !== undefined &&
    existing.disabled_at === null &&
    existing.scopes.length === 1 &&
    existing.scopes[0] === 'gateway' &&
    (await verifyPassword(existing.secret_hash, clientSecret));
  if (!isCurrent) {
    await upsertClient(deps.db, {
      clientId,
      secretHash: await hashPassword(clientSecret),
      name: 'bot-gateway',
      scopes: ['gateway'],
    });
  }
  return { clientId, clientSecret };
}
