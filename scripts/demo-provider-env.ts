import { randomBytes } from 'node:crypto';
import { resolveSecret } from '@medlink/core-api/shared/secrets';

/**
 * For the embedded demo: a provider whose credentials are all unset gets demo credentials and its API base
 * pointed at the provider simulator. Secrets are generated once and kept under DATA_DIR, so the simulator
 * (which signs) and the gateway (which checks) agree across restarts. A provider with real credentials is
 * left alone, and nothing here applies in production.
 */
export async function demoProviderEnv(
  env: Record<string, string | undefined>,
  dataDir: string,
): Promise<Record<string, string>> {
  if (env.NODE_ENV === 'production') return {};
  const simulatorUrl = `http://127.0.0.1:${env.SIMULATOR_PORT ?? '3003'}`;
  const secret = (name: string) =>
    resolveSecret({
      name: `DEMO_${name}`,
      value: undefined,
      dataDir,
      isProduction: false,
      generate: () => randomBytes(20).toString('hex'),
    });
  const providers: { credentials: string[]; demo: Record<string, string | Promise<string>> }[] = [
    {
      credentials: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
      demo: {
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000demo',
        TWILIO_AUTH_TOKEN: secret('TWILIO_AUTH_TOKEN'),
        TWILIO_SMS_FROM: '+15005550006',
        TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
        TWILIO_API_BASE: simulatorUrl,
      },
    },
    {
      credentials: ['AT_USERNAME', 'AT_API_KEY'],
      demo: {
        AT_USERNAME: 'sandbox',
        AT_API_KEY: secret('AT_API_KEY'),
        AT_SMS_FROM: 'MEDLINK',
        AT_USSD_CODE: '*384*1234#',
        AT_WEBHOOK_TOKEN: secret('AT_WEBHOOK_TOKEN'),
        AT_API_BASE: simulatorUrl,
      },
    },
    {
      credentials: ['META_ACCESS_TOKEN', 'META_APP_SECRET'],
      demo: {
        META_APP_SECRET: secret('META_APP_SECRET'),
        META_VERIFY_TOKEN: secret('META_VERIFY_TOKEN'),
        META_ACCESS_TOKEN: secret('META_ACCESS_TOKEN'),
        META_PHONE_NUMBER_ID: '100000000000001',
        META_GRAPH_BASE: simulatorUrl,
      },
    },
  ];
  const result: Record<string, string> = {};
  for (const provider of providers) {
    if (provider.credentials.some((name) => env[name])) continue;
    for (const [name, value] of Object.entries(provider.demo)) result[name] = env[name] ?? (await value);
  }
  return result;
}
