import { createLogger } from '@medlink/platform/logger';
import type { ConversationHandler } from '../../bot-gateway/src/conversations/conversation-handler';
import { readGatewayEnv } from '../../bot-gateway/src/env';
import { startGateway } from '../../bot-gateway/src/start';
import { BENCH_DATABASE_URL, CLIENT_SECRET, REDIS_URL } from './bench-setup';
import { FIXED_QUESTION_SCREENS, openFixedSession, type FixedSession } from './fixed-session';

/**
 * Not a product path: the gateway as deployed (node:http fast path, webhook checks, Redis sessions with the
 * resume pointer, the hop log in PostgreSQL) with the flow engine swapped for a handler that returns the
 * fixed screens of serve-floor.ts and commits the same triage assessment through core-api. Between this row
 * and the gateway's is the cost of the conversation itself (engine, actions, contact facts, local triage,
 * rendering); between this row and the floor's, the cost of the gateway's plumbing and its hop log.
 */
function fixedScreensHandler(fixed: FixedSession): ConversationHandler {
  return {
    async handle(message, context) {
      // The menu's "1" opens the first question; each later answer moves one screen on.
      const step = typeof context.state?.['step'] === 'number' ? context.state['step'] + 1 : -1;
      if (message.text === '')
        return {
          outputs: [{ text: 'MedLink', choices: [{ id: 'triage', label: 'Triage' }] }],
          state: { lang: 'en', step },
          atMainMenu: true,
        };
      const question = FIXED_QUESTION_SCREENS[step];
      if (question !== undefined) return { outputs: [{ text: question }], state: { lang: 'en', step } };
      const text = await fixed.finalScreen(message.contactAddress, message.text === '1');
      return { outputs: [{ text, endsSession: true }], state: { lang: 'en', step } };
    },
  };
}

async function main(): Promise<void> {
  const coreApiUrl = process.env.CORE_API_URL ?? 'http://127.0.0.1:3392';
  const env = readGatewayEnv({
    NODE_ENV: 'production',
    GATEWAY_PORT: process.env.PORT ?? '3001',
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL,
    CORE_API_URL: coreApiUrl,
    GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
    LOG_LEVEL: 'warn',
    RUN_WORKER: 'false',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
  });
  const gateway = await startGateway({
    env,
    logger: createLogger({ service: 'bench-fixed-screens', level: 'warn' }),
    keyPrefix: `bench-fixed-${process.pid}`,
    handler: fixedScreensHandler(await openFixedSession(coreApiUrl)),
  });
  const stop = async () => {
    await gateway.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
