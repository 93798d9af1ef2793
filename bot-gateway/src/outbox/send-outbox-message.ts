import type { Logger } from '@medlink/platform/logger';
import type { SendResult } from '../channels/types';
import { computeBackoff } from './compute-backoff';
import type { OutboxMetrics } from './outbox-metrics';
import type { OutboxRepository } from './outbox.repository';
import { toOutboundContent, type OutboxSenderLookup } from './outbox-sender';
import type { SenderRateLimiter } from './sender-rate-limiter';

export interface SendDeps {
  repository: OutboxRepository;
  senders: OutboxSenderLookup;
  limiter: SenderRateLimiter;
  metrics: OutboxMetrics;
  logger: Logger;
  settings: { maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number };
  random?: () => number;
  /** Told after a row is recorded as sent (live events for the back office). */
  onSent?: (messageId: string) => void;
}

/** `dead` is the only outcome a queue must not retry (BullMQ: UnrecoverableError). */
export type SendOutcome = 'sent' | 'retry' | 'dead' | 'skipped';

/**
 * One attempt for one outbox row: wait for the sender's rate slot, claim the row (lease), send with the row's
 * idempotency key, then record the provider id before the job is acknowledged. A crash anywhere leaves the row
 * 'sending' until its lease expires; the next attempt reuses the key, so the provider does not send twice.
 */
export async function sendOutboxMessage(
  deps: SendDeps,
  job: { messageId: string; channel: string },
): Promise<{ outcome: SendOutcome; reason?: string }> {
  const { repository, metrics, settings } = deps;
  const sender = deps.senders(job.channel);
  if (sender) await deps.limiter.acquire(sender.senderKey);
  const row = await repository.claimMessage(job.messageId);
  if (!row) return { outcome: 'skipped' };
  if (!sender) return deadLetter(deps, row.id, row.channel, `no sender for channel '${row.channel}'`);
  const content = toOutboundContent(row.body, row.content);
  if ('error' in content) return deadLetter(deps, row.id, row.channel, content.error);

  const stopTimer = metrics.sendSeconds.startTimer({ channel: row.channel });
  let result: SendResult;
  try {
    result = await sender.send({
      messageId: row.id,
      to: row.contactAddress,
      content,
      idempotencyKey: row.idempotencyKey,
    });
  } catch (error) {
    deps.logger.error({ err: error, messageId: row.id, channel: row.channel }, 'sender threw; treating as retryable');
    result = { outcome: 'retryable', reason: 'internal error in sender' };
  } finally {
    stopTimer();
  }

  if (result.outcome === 'accepted') {
    await repository.markSent(row.id, result.providerMessageId);
    metrics.sent.inc({ channel: row.channel });
    deps.onSent?.(row.id);
    return { outcome: 'sent' };
  }
  metrics.failed.inc({ channel: row.channel, outcome: result.outcome });
  if (result.outcome === 'permanent') return deadLetter(deps, row.id, row.channel, result.reason);
  if (row.attempts >= settings.maxAttempts) {
    return deadLetter(deps, row.id, row.channel, `gave up after ${row.attempts} attempts: ${result.reason}`);
  }
  const backoff = computeBackoff({
    attempt: row.attempts,
    baseMs: settings.backoffBaseMs,
    maxMs: settings.backoffMaxMs,
    random: (deps.random ?? Math.random)(),
  });
  const delayMs = result.outcome === 'throttled' ? Math.max(result.retryAfterMs ?? 0, backoff) : backoff;
  if (result.outcome === 'throttled') await deps.limiter.penalize(sender.senderKey, delayMs);
  await repository.scheduleRetry(row.id, delayMs, result.reason);
  metrics.retried.inc({ channel: row.channel });
  deps.logger.warn(
    { messageId: row.id, channel: row.channel, attempt: row.attempts, delayMs, reason: result.reason },
    'send failed; retry scheduled',
  );
  return { outcome: 'retry', reason: result.reason };
}

async function deadLetter(
  deps: SendDeps,
  id: string,
  channel: string,
  reason: string,
): Promise<{ outcome: 'dead'; reason: string }> {
  await deps.repository.markDead(id, reason);
  deps.metrics.deadLettered.inc({ channel });
  deps.logger.warn({ messageId: id, channel, reason }, 'message dead-lettered');
  return { outcome: 'dead', reason };
}
