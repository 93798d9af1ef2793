import type { Logger } from '@medlink/platform/logger';
import type { SimulatorState } from './simulator-state';

/** The same secrets the gateway checks: the simulator verifies what MedLink sends and signs what it delivers. */
export interface SimulatorSecrets {
  /** Twilio signs PUBLIC_BASE_URL + path; the simulator posts to gatewayUrl but signs the public URL. */
  publicBaseUrl: string;
  twilio: { accountSid?: string; authToken?: string; smsFrom?: string; whatsappFrom?: string };
  africastalking: { username?: string; apiKey?: string; webhookToken?: string; smsFrom?: string; ussdCode?: string };
  meta: { accessToken?: string; appSecret?: string; phoneNumberId?: string };
}

export interface SimulatorContext {
  state: SimulatorState;
  gatewayUrl: string;
  secrets: SimulatorSecrets;
  logger: Logger;
  /** Added before each accepted API answer, so a client can die between "provider accepted" and "client heard". */
  responseDelayMs: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The gateway URL for a path that a provider would call on the public origin. */
export function gatewayTarget(context: SimulatorContext, publicUrl: string): string {
  const url = new URL(publicUrl);
  return new URL(url.pathname + url.search, context.gatewayUrl).toString();
}
