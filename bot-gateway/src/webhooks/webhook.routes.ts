import express, { type Request, type Response, type Router } from 'express';
import { channelsOfProvider, listWebhookEndpoints } from '../channels/registry';
import { WebhookInputError } from '../channels/parse-input';
import type { InboundEvent, InboundMessage, InboundStatus, WebhookEndpoint, WebhookRequest } from '../channels/types';
import type { GatewayDeps } from '../gateway-deps';
import { answerMetaHandshake } from '../providers/meta/verify-signature';
import { handleUssdHop } from '../ussd/handle-ussd-hop';
import { applyDeliveryStatus } from './inbox.repository';
import { createInboundInserter } from './insert-inbound-batch';
import { publishMessageStatus } from '../live/publish-message-status';
import { toWebhookRequest } from './webhook-request';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** CONTRACT.md's webhook routes: verify → parse → store (committed) → enqueue → acknowledge. */
export function createWebhookRouter(deps: GatewayDeps): Router {
  const insertInbound = createInboundInserter(deps.db);
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '1mb' });
  router.get('/webhooks/meta/whatsapp', (req, res) => {
    const challenge = answerMetaHandshake(toWebhookRequest(req).query, deps.secrets);
    if (challenge === undefined) {
      deps.metrics.rejected.inc({ channel: 'meta-whatsapp', reason: 'verify_token' });
      res.status(403).end();
      return;
    }
    res.type('text/plain').send(challenge);
  });
  for (const endpoint of listWebhookEndpoints(deps.channels)) {
    router.post(endpoint.path, raw, (req, res) => handleWebhook(deps, insertInbound, endpoint, req, res));
  }
  return router;
}

async function handleWebhook(
  deps: GatewayDeps,
  insertInbound: ReturnType<typeof createInboundInserter>,
  endpoint: WebhookEndpoint,
  req: Request,
  res: Response,
): Promise<void> {
  const stopTimer = deps.metrics.webhookSeconds.startTimer({ endpoint: endpoint.path });
  res.on('finish', () => stopTimer({ status: String(res.statusCode) }));
  const request = toWebhookRequest(req);
  if (endpoint.mode === 'ussd') {
    const reply = await answerUssdWebhook(deps, endpoint, request);
    res.status(reply.status);
    if (reply.type) res.type(reply.type);
    if (reply.body === undefined) res.end();
    else res.send(reply.body);
    return;
  }
  const verdict = endpoint.verify(request, deps.secrets);
  if (verdict !== 'ok') {
    refuse(deps, endpoint, verdict);
    res.status(verdict === 'missing' ? 401 : 403).end();
    return;
  }
  let events: InboundEvent[];
  try {
    events = endpoint.parse(request, deps.clock());
  } catch (error) {
    const problem = inputProblem(deps, endpoint, error);
    res.status(400).type('application/problem+json').send(problem);
    return;
  }
  const messages = events.filter((event): event is InboundMessage => event.kind === 'message');
  const statuses = events.filter((event): event is InboundStatus => event.kind === 'status');

  // Each message is committed (with group commit across concurrent webhooks) before the provider gets its 2xx.
  const stored: string[] = [];
  await Promise.all(
    messages.map(async (message) => {
      const id = await insertInbound({ message, identityKind: deps.channels[message.channel].identityKind });
      (id ? deps.metrics.received : deps.metrics.duplicates).inc({ channel: message.channel });
      if (id) stored.push(id);
    }),
  );
  const changed: string[] = [];
  for (const status of statuses) {
    const provider = deps.channels[status.channel].provider;
    const { outcome, messageId } = await applyDeliveryStatus(
      deps.db,
      status,
      provider,
      channelsOfProvider(deps.channels, provider),
    );
    deps.metrics.statuses.inc({ channel: status.channel, status: status.status, outcome });
    if (outcome === 'applied' && messageId) changed.push(messageId);
  }
  if (endpoint.ack === 'twiml') res.status(200).type('text/xml').send(EMPTY_TWIML);
  else res.status(200).end();
  // The rows are committed: the provider needn't wait for the queue, and a lost enqueue only
  // delays the reply until the sweeper's next pass.
  for (const id of stored) {
    await deps.inbox
      .enqueue(id)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, messageId: id }, 'enqueue failed; the sweeper will pick it up'),
      );
  }
  for (const id of changed) {
    await publishMessageStatus(deps.db, deps.publish, id).catch((error: unknown) =>
      deps.logger.warn({ err: error, messageId: id }, 'status event not published'),
    );
  }
}

export interface WebhookReply {
  status: number;
  type?: string;
  body?: string;
}

/**
 * A USSD hop, answered in the same HTTP exchange: verify → parse → next screen (handleUssdHop queues it
 * for the hop log). Shared by the Express route and the gateway's raw fast path (ussd-fast-path.ts).
 */
export async function answerUssdWebhook(
  deps: GatewayDeps,
  endpoint: WebhookEndpoint,
  request: WebhookRequest,
): Promise<WebhookReply> {
  const verdict = endpoint.verify(request, deps.secrets);
  if (verdict !== 'ok') {
    refuse(deps, endpoint, verdict);
    return { status: verdict === 'missing' ? 401 : 403 };
  }
  let message: InboundEvent | undefined;
  try {
    message = endpoint.parse(request, deps.clock()).find((event) => event.kind === 'message');
  } catch (error) {
    return { status: 400, type: 'application/problem+json', body: inputProblem(deps, endpoint, error) };
  }
  if (message?.kind !== 'message') return { status: 200 };
  const answer = await handleUssdHop(
    {
      db: deps.db,
      sessions: deps.ussd.sessions,
      hopLog: deps.ussd.hopLog,
      handler: deps.handler,
      clock: deps.clock,
      resumeWindowSeconds: deps.env.USSD_RESUME_WINDOW_S,
    },
    message,
  );
  (answer.isDuplicate ? deps.metrics.duplicates : deps.metrics.received).inc({ channel: 'africastalking-ussd' });
  return { status: 200, type: 'text/plain; charset=utf-8', body: answer.response };
}

function refuse(deps: GatewayDeps, endpoint: WebhookEndpoint, verdict: 'missing' | 'invalid'): void {
  deps.metrics.rejected.inc({
    channel: endpoint.label,
    reason: verdict === 'missing' ? 'signature_missing' : 'signature_invalid',
  });
  deps.logger.warn({ path: endpoint.path, verdict }, 'webhook refused');
}

/** A WebhookInputError as the problem+json body of a 400; anything else is ours and rethrown. */
function inputProblem(deps: GatewayDeps, endpoint: WebhookEndpoint, error: unknown): string {
  if (!(error instanceof WebhookInputError)) throw error;
  deps.metrics.rejected.inc({ channel: endpoint.label, reason: 'bad_input' });
  deps.logger.info({ path: endpoint.path, reason: error.message }, 'webhook input refused');
  return JSON.stringify({ type: 'about:blank', title: 'Invalid webhook payload', status: 400, detail: error.message });
}
