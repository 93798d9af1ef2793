// The provider simulator on SIMULATOR_PORT, with the gateway's own secrets (so what it signs, the gateway accepts).
import { createLogger } from '@medlink/platform/logger';
import { readGatewayEnv } from '../env';
import { startSimulator } from './start-simulator';

async function main(): Promise<void> {
  const env = readGatewayEnv();
  const logger = createLogger({ service: 'simulator', level: env.LOG_LEVEL });
  const simulator = await startSimulator({
    port: env.SIMULATOR_PORT,
    gatewayUrl: `http://127.0.0.1:${env.GATEWAY_PORT}`,
    logger,
    secrets: {
      publicBaseUrl: env.PUBLIC_BASE_URL,
      twilio: {
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        smsFrom: env.TWILIO_SMS_FROM,
        whatsappFrom: env.TWILIO_WHATSAPP_FROM,
      },
      africastalking: {
        username: env.AT_USERNAME,
        apiKey: env.AT_API_KEY,
        webhookToken: env.AT_WEBHOOK_TOKEN,
        smsFrom: env.AT_SMS_FROM,
        ussdCode: env.AT_USSD_CODE,
      },
      meta: {
        accessToken: env.META_ACCESS_TOKEN,
        appSecret: env.META_APP_SECRET,
        phoneNumberId: env.META_PHONE_NUMBER_ID,
      },
    },
  });
  logger.info({ url: simulator.url }, 'provider simulator listening');
  const shutdown = async () => {
    await simulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
