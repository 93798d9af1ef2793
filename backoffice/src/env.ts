import { z } from 'zod';
import { envPort, envUrl, parseEnv } from '@medlink/platform/env';

const backofficeEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Run `next dev` (hot reload) instead of the production build. */
  NEXT_DEV: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  BACKOFFICE_PORT: envPort(3002),
  /** Where the back office reaches core-api (server side only: browsers never call core-api directly). */
  CORE_API_URL: z.url().default('http://127.0.0.1:3000'),
  REDIS_URL: envUrl(),
  /** The Redis pub/sub channel publishers and back-office instances share. */
  LIVE_EVENTS_CHANNEL: z.string().min(1).default('medlink:live-events'),
  /** The phone simulator, linked from the menu in development. */
  SIMULATOR_URL: z.url().default('http://127.0.0.1:3003/'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when the back office is served over HTTPS (cookies then carry `Secure`). */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export type BackofficeEnv = z.infer<typeof backofficeEnvSchema>;

export function readBackofficeEnv(source: Record<string, string | undefined> = process.env): BackofficeEnv {
  return parseEnv(backofficeEnvSchema, source);
}
