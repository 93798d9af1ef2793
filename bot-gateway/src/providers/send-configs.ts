import type { GatewayEnv } from '../env';
import type { AfricasTalkingSendConfig } from './africastalking/send-sms';
import type { MetaSendConfig } from './meta/send-message';
import type { TwilioSendConfig } from './twilio/send-message';

/** The send clients' settings from env, built once per channel registry. */
export function twilioSendConfig(env: GatewayEnv): TwilioSendConfig {
  return {
    apiBase: env.TWILIO_API_BASE,
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    statusCallbackUrl: new URL('/webhooks/twilio/status', env.PUBLIC_BASE_URL).toString(),
    timeoutMs: env.SEND_TIMEOUT_MS,
    contentSids: new Map(),
  };
}

export function africasTalkingSendConfig(env: GatewayEnv): AfricasTalkingSendConfig {
  return {
    apiBase: env.AT_API_BASE,
    username: env.AT_USERNAME,
    apiKey: env.AT_API_KEY,
    timeoutMs: env.SEND_TIMEOUT_MS,
  };
}

export function metaSendConfig(env: GatewayEnv): MetaSendConfig {
  return {
    graphBase: env.META_GRAPH_BASE,
    version: env.META_GRAPH_VERSION,
    phoneNumberId: env.META_PHONE_NUMBER_ID,
    accessToken: env.META_ACCESS_TOKEN,
    timeoutMs: env.SEND_TIMEOUT_MS,
  };
}
