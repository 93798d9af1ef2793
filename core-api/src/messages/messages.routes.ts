import type { ApiRouter } from '../shared/api-router';
import type { CoreApiDeps } from '../deps';
import { listMessageLog } from './list-message-log';
import {
  deadLetterQuery,
  messageIdParams,
  messageLogQuery,
  messagePage,
  outboundBody,
  outboundResponse,
} from './messages.schemas';
import { queueMessageForPatient } from './queue-message-for-patient';
import { retryDeadMessage } from './retry-dead-message';
import { messageDtoSchema } from './to-message-dto';

const tags = ['messages'];
const admins = { roles: ['admin'] } as const;

export function registerMessageRoutes(api: ApiRouter, deps: CoreApiDeps): void {
  api.add({
    method: 'get',
    path: '/messages',
    summary: 'The message log for support: every channel, both directions, with delivery history (audited)',
    tags,
    access: admins,
    query: messageLogQuery,
    response: { status: 200, description: 'Newest first', schema: messagePage },
    handler: ({ query, principal }) => listMessageLog(deps, principal, query),
  });

  api.add({
    method: 'get',
    path: '/messages/dead-letters',
    summary: 'Outbound messages that failed for good (audited)',
    tags,
    access: admins,
    query: deadLetterQuery,
    response: { status: 200, description: 'Newest first', schema: messagePage },
    handler: ({ query, principal }) =>
      listMessageLog(deps, principal, { ...query, direction: 'out', status: 'dead' }, 'message_log.dead_letters'),
  });

  api.add({
    method: 'post',
    path: '/messages/:id/retry',
    summary: 'Puts a dead-lettered outbound message back in the outbox',
    tags,
    access: admins,
    params: messageIdParams,
    response: { status: 200, description: 'Queued again', schema: messageDtoSchema },
    handler: ({ params, principal }) => retryDeadMessage(deps, principal, params.id),
  });

  api.add({
    method: 'post',
    path: '/messages/outbound',
    summary: 'Queues a message to a patient on their channel (reminders, flows); idempotent by idempotencyKey',
    tags,
    access: { roles: [], scopes: ['gateway'] },
    body: outboundBody,
    response: {
      status: 201,
      description: 'Queued (or the message already queued with this key)',
      schema: outboundResponse,
    },
    handler: ({ body, principal }) => queueMessageForPatient(deps, principal, body),
  });
}
