import { z } from 'zod';
import { envBoolean, envInt, envPort, envString, envUrl, parseEnv } from '@medlink/platform/env';

const gatewayEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  GATEWAY_PORT: envPort(3001),
  SIMULATOR_PORT: envPort(3003),
  DATABASE_URL: envUrl(),
  DATA_DIR: z.string().default('./.data'),
  REDIS_URL: envUrl(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The public origin providers call; Twilio signs PUBLIC_BASE_URL + path + query. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3001'),
  CORE_API_URL: z.url().default('http://127.0.0.1:3000'),
  GATEWAY_CLIENT_ID: z.string().default('bot-gateway'),
  GATEWAY_CLIENT_SECRET: envString(),

  TWILIO_ACCOUNT_SID: envString(),
  TWILIO_AUTH_TOKEN: envString(),
  TWILIO_SMS_FROM: envString(),
  TWILIO_WHATSAPP_FROM: envString(),
  TWILIO_API_BASE: envUrl(),
  AT_USERNAME: envString(),
  AT_API_KEY: envString(),
  AT_SMS_FROM: envString(),
  AT_USSD_CODE: envString(),
  AT_WEBHOOK_TOKEN: envString(),
  AT_API_BASE: envUrl(),
  META_APP_SECRET: envString(),
  META_VERIFY_TOKEN: envString(),
  META_ACCESS_TOKEN: envString(),
  META_PHONE_NUMBER_ID: envString(),
  META_GRAPH_BASE: envUrl(),
  META_GRAPH_VERSION: z.string().default('v21.0'),

  /** Messages per second per sender (a Twilio long code allows about 1). 0 lifts the limit (benchmarks). */
  SEND_RATE_PER_SENDER: z.coerce.number().min(0).default(1),
  SEND_MAX_ATTEMPTS: envInt(8, 1),
  SEND_TIMEOUT_MS: envInt(10_000, 100),
  /** How long a claimed or handed-out outbox row is reserved before another worker may take it (> SEND_TIMEOUT_MS). */
  SEND_LEASE_MS: envInt(30_000, 100),
  SEND_BACKOFF_BASE_MS: envInt(2_000, 1),
  SEND_BACKOFF_MAX_MS: envInt(300_000, 1),
  /** Redis key prefix of the outbox queue and send-rate keys (separate deployments or test runs sharing one Redis). */
  OUTBOX_KEY_PREFIX: z.string().default('medlink'),
  /** worker-main.ts serves /healthz and /metrics here when set (Prometheus scrapes standalone send workers). */
  WORKER_METRICS_PORT: envString().pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
  /** How long a dropped USSD session can be resumed from its last screen. */
  USSD_RESUME_WINDOW_S: envInt(120, 0),
  CONVERSATION_TTL_S: envInt(24 * 3600, 60),
  WORKER_CONCURRENCY: envInt(20, 1),
  RUN_WORKER: envBoolean(true),
  /** With Redis: defer SMS/WhatsApp conversation work while the event loop lags (USSD is never deferred). */
  SHED_INBOX_LOAD: envBoolean(true),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

export function readGatewayEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseEnv(gatewayEnvSchema, source);
}
