import { loadFlowBundle, readDefinitionFiles } from '@medlink/flows/engine/load-flow-bundle';
import { hasErrors, validateDefinitions } from '@medlink/flows/validate/validate-definitions';
import type { Logger } from '@medlink/platform/logger';
import { createCoreApiClient } from '../actions/core-api-client';
import type { ChannelId, IdentityKind } from '../channels/types';
import type { GatewayEnv } from '../env';
import type { ReminderScheduler } from '../reminders/reminder-scheduler';
import type { ConversationHandler } from './conversation-handler';
import { createFlowHandler } from './flow-handler';
import type { KeyValueStore } from './key-value-store';

/** The engine offers "continue / start again" after this much silence (docs/flows.md). */
const CONVERSATION_TIMEOUT_MS = 30 * 60_000;

/**
 * The gateway's flow handler: definitions loaded and validated once at start (a definition the validator
 * refuses stops the gateway here rather than a patient mid-journey), core-api with the service credential.
 */
export function createGatewayFlowHandler(options: {
  env: GatewayEnv;
  kv: KeyValueStore;
  logger: Logger;
  smsChannel?: ChannelId;
  identityKindOf(channel: ChannelId): IdentityKind;
  reminders?: ReminderScheduler;
  definitionsDir?: string;
}): ConversationHandler {
  const findings = validateDefinitions(readDefinitionFiles(options.definitionsDir));
  if (hasErrors(findings)) {
    const errors = findings.filter((finding) => finding.severity === 'error').map((finding) => JSON.stringify(finding));
    throw new Error(`invalid flow definitions:\n${errors.join('\n')}`);
  }
  const { env, reminders, logger } = options;
  return createFlowHandler({
    bundle: loadFlowBundle(options.definitionsDir),
    api: createCoreApiClient({
      baseUrl: env.CORE_API_URL,
      clientId: env.GATEWAY_CLIENT_ID,
      clientSecret: env.GATEWAY_CLIENT_SECRET ?? '',
    }),
    kv: options.kv,
    logger,
    contactTtlSeconds: env.CONVERSATION_TTL_S,
    conversationTimeoutMs: CONVERSATION_TIMEOUT_MS,
    identityKindOf: options.identityKindOf,
    smsChannel: options.smsChannel,
    onAppointmentChanged: (appointmentId) => {
      void reminders
        ?.schedule(appointmentId)
        .catch((error: unknown) =>
          logger.warn({ err: error, appointmentId }, 'reminders not scheduled; the sweep will send them'),
        );
    },
  });
}
