import { z } from 'zod';
import { envBoolean, envInt, envPort, envString, envUrl, parseEnv } from '@medlink/platform/env';

const coreApiEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_PORT: envPort(3000),
  DATABASE_URL: envUrl(),
  /** A streaming replica for read-only queries (facility search); unset means the primary. */
  DATABASE_READ_URL: envUrl(),
  DATA_DIR: z.string().default('./.data'),
  REDIS_URL: envUrl(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: envString().pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL_S: envInt(900, 60),
  REFRESH_TOKEN_TTL_S: envInt(30 * 24 * 3600, 300),
  BOOTSTRAP_ADMIN_EMAIL: envString().pipe(z.email().optional()),
  BOOTSTRAP_ADMIN_PASSWORD: envString().pipe(z.string().min(12, 'must be at least 12 characters').optional()),
  DATA_ENCRYPTION_KEY: envString(),
  /** During a key rotation only: the key being replaced, still used to read what is not re-sealed yet. */
  DATA_ENCRYPTION_KEY_PREVIOUS: envString(),
  SEED_DEMO_DATA: envBoolean(true),
  RESOURCE_STALE_AFTER_H: envInt(48, 1),
  TRUST_PROXY: envBoolean(false),
  /** The bot-gateway's OAuth2 client (scope `gateway`), created at start when the secret is set. */
  GATEWAY_CLIENT_ID: z.string().default('bot-gateway'),
  GATEWAY_CLIENT_SECRET: envString(),
  LOGIN_RATE_LIMIT_PER_15_MIN: envInt(10, 1),
  TRIAGE_RATE_LIMIT_PER_MIN: envInt(60, 1),
  /** The facility CSV for demo data; defaults to ../shared/data when present. */
  FACILITY_DATA_FILE: envString(),
  /** How many facilities the demo seed loads (0 = the whole file). */
  DEMO_FACILITY_LIMIT: envInt(5000, 0),
  /** Consultation files: any S3-compatible store when S3_ENDPOINT or S3_BUCKET is set, else DATA_DIR/files. */
  S3_ENDPOINT: envUrl(),
  S3_BUCKET: envString(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: envString(),
  S3_SECRET_ACCESS_KEY: envString(),
  FILE_LINK_TTL_S: envInt(300, 10),
  MAX_FILE_BYTES: envInt(10 * 1024 * 1024, 1024),
  /** Links sent to patients by SMS/WhatsApp: absolute origin of core-api, and a lifetime a patient can act within. */
  PUBLIC_API_BASE_URL: envUrl(),
  FILE_PATIENT_LINK_TTL_S: envInt(24 * 3600, 60),
});

export type CoreApiEnv = z.infer<typeof coreApiEnvSchema>;

export function readCoreApiEnv(source: Record<string, string | undefined> = process.env): CoreApiEnv {
  return parseEnv(coreApiEnvSchema, source);
}
