import { createServer } from 'node:net';
import { startSimulator, type StartedSimulator } from '../src/simulator/start-simulator';
import { TEST_SECRETS } from './gateway-harness';

/** The provider accounts the simulator plays, as the gateway's env (send rate limit lifted for tests). */
export const SIMULATED_PROVIDER_ENV = {
  TWILIO_ACCOUNT_SID: 'ACtest0000000000000000000000000000',
  TWILIO_SMS_FROM: '+15005550006',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  AT_USERNAME: 'medlink',
  AT_API_KEY: 'at-test-key',
  AT_SMS_FROM: '21525',
  META_ACCESS_TOKEN: 'meta-test-token',
  META_PHONE_NUMBER_ID: '106540352242922',
  SEND_RATE_PER_SENDER: '0',
};

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The provider simulator for a gateway that will listen on `gatewayPort`, with the test secrets, plus
 * the gateway env that sends to it.
 */
export async function startSimulatorFor(
  gatewayPort: number,
): Promise<{ simulator: StartedSimulator; gatewayEnv: Record<string, string> }> {
  const env = SIMULATED_PROVIDER_ENV;
  const simulator = await startSimulator({
    port: 0,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    statusCallbacks: { mode: 'in-order', delayMs: 5 },
    secrets: {
      publicBaseUrl: TEST_SECRETS.PUBLIC_BASE_URL,
      twilio: {
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: TEST_SECRETS.TWILIO_AUTH_TOKEN,
        smsFrom: env.TWILIO_SMS_FROM,
        whatsappFrom: env.TWILIO_WHATSAPP_FROM,
      },
      africastalking: {
        username: env.AT_USERNAME,
        apiKey: env.AT_API_KEY,
        webhookToken: TEST_SECRETS.AT_WEBHOOK_TOKEN,
        smsFrom: env.AT_SMS_FROM,
      },
      meta: {
        accessToken: env.META_ACCESS_TOKEN,
        appSecret: TEST_SECRETS.META_APP_SECRET,
        phoneNumberId: env.META_PHONE_NUMBER_ID,
      },
    },
  });
  return {
    simulator,
    gatewayEnv: {
      ...env,
      GATEWAY_PORT: String(gatewayPort),
      TWILIO_API_BASE: simulator.url,
      AT_API_BASE: simulator.url,
      META_GRAPH_BASE: simulator.url,
    },
  };
}
