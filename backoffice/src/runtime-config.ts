import { z } from 'zod';
import { readBackofficeEnv } from './env';

/**
 * What route handlers and server components need at run time. Next bundles them apart from server.ts,
 * so startBackoffice hands the values over through one well-known global slot; a plain `next start`
 * falls back to the environment.
 */
const runtimeConfigSchema = z.object({
  coreApiUrl: z.string(),
  simulatorUrl: z.string().nullable(),
  cookieSecure: z.boolean(),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

const SLOT = Symbol.for('medlink.backoffice.runtime-config');

export function setRuntimeConfig(config: RuntimeConfig): void {
  Reflect.set(globalThis, SLOT, config);
}

export function runtimeConfig(): RuntimeConfig {
  const stored = runtimeConfigSchema.safeParse(Reflect.get(globalThis, SLOT));
  if (stored.success) return stored.data;
  const env = readBackofficeEnv();
  return {
    coreApiUrl: env.CORE_API_URL,
    simulatorUrl: env.NODE_ENV === 'production' ? null : env.SIMULATOR_URL,
    cookieSecure: env.COOKIE_SECURE,
  };
}
