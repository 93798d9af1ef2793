import { z } from 'zod';
import { createLogger } from '@medlink/platform/logger';
import type { SimulatorSecrets } from '../../src/simulator/simulator-context';
import { startSimulator, type StartedSimulator } from '../../src/simulator/start-simulator';

export const TEST_SECRETS: SimulatorSecrets = {
  publicBaseUrl: 'https://medlink.example.org',
  twilio: {
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 'twilio-test-token',
    smsFrom: '+15005550006',
    whatsappFrom: 'whatsapp:+14155238886',
  },
  africastalking: {
    username: 'medlink',
    apiKey: 'at-test-key',
    webhookToken: 'at-hook-token',
    smsFrom: '20880',
    ussdCode: '*384*123#',
  },
  meta: { accessToken: 'meta-test-token', appSecret: 'meta-app-secret', phoneNumberId: '1098765432' },
};

/** Gateway env names for the same secrets, pointing every provider API at the simulator. */
export function gatewayEnvFor(simulatorUrl: string): Record<string, string> {
  return {
    PUBLIC_BASE_URL: TEST_SECRETS.publicBaseUrl,
    TWILIO_ACCOUNT_SID: TEST_SECRETS.twilio.accountSid ?? '',
    TWILIO_AUTH_TOKEN: TEST_SECRETS.twilio.authToken ?? '',
    TWILIO_SMS_FROM: TEST_SECRETS.twilio.smsFrom ?? '',
    TWILIO_WHATSAPP_FROM: TEST_SECRETS.twilio.whatsappFrom ?? '',
    TWILIO_API_BASE: simulatorUrl,
    AT_USERNAME: TEST_SECRETS.africastalking.username ?? '',
    AT_API_KEY: TEST_SECRETS.africastalking.apiKey ?? '',
    AT_SMS_FROM: TEST_SECRETS.africastalking.smsFrom ?? '',
    AT_WEBHOOK_TOKEN: TEST_SECRETS.africastalking.webhookToken ?? '',
    AT_API_BASE: simulatorUrl,
    META_ACCESS_TOKEN: TEST_SECRETS.meta.accessToken ?? '',
    META_APP_SECRET: TEST_SECRETS.meta.appSecret ?? '',
    META_PHONE_NUMBER_ID: TEST_SECRETS.meta.phoneNumberId ?? '',
    META_GRAPH_BASE: simulatorUrl,
  };
}

export function startTestSimulator(
  options: {
    gatewayUrl?: string;
    responseDelayMs?: number;
    callbacks?: 'in-order' | 'out-of-order' | 'duplicated' | 'off';
  } = {},
): Promise<StartedSimulator> {
  return startSimulator({
    port: 0,
    gatewayUrl: options.gatewayUrl ?? 'http://127.0.0.1:9',
    secrets: TEST_SECRETS,
    logger: createLogger({ service: 'simulator', level: 'silent' }),
    responseDelayMs: options.responseDelayMs,
    statusCallbacks: { mode: options.callbacks ?? 'off', delayMs: 10 },
  });
}

export async function setFault(
  simulatorUrl: string,
  fault: { channel: string; mode: string; count?: number; seconds?: number },
): Promise<void> {
  const response = await fetch(`${simulatorUrl}/api/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 204) throw new Error(`fault not set: ${response.status}`);
}

const receivedSchema = z.array(
  z.object({
    channel: z.string(),
    to: z.string(),
    from: z.string(),
    text: z.string(),
    interactive: z.unknown(),
    providerMessageId: z.string(),
    receivedAt: z.string(),
  }),
);

/** GET /api/received, parsed. */
export async function fetchReceived(simulatorUrl: string, query: { to?: string; channel?: string } = {}) {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const response = await fetch(`${simulatorUrl}/api/received?${params.toString()}`);
  return receivedSchema.parse(await response.json());
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}
