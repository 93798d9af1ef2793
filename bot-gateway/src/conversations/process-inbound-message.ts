import { randomUUID } from 'node:crypto';
import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import { MAX_PROCESS_ATTEMPTS } from '../webhooks/inbox.repository';
import type { ChannelKind, OutboundContent } from '../channels/types';
import type { ChannelRegistry } from '../channels/registry';
import { renderNumberedText } from '../channels/render-text';
import { countSmsSegments } from '../sms/count-sms-segments';
import { splitSms } from '../sms/split-sms';
import type { ConversationHandler } from './conversation-handler';
import {
  claimConversation,
  countProcessAttempt,
  countUnsentReplies,
  findInboundMessage,
  holdsConversationLease,
  insertOutboxMessage,
  lockInboundMessage,
  markInboundProcessed,
  releaseConversation,
  saveConversationStep,
  type OutboxRow,
} from './conversations.repository';

export interface ProcessInboundDeps {
  db: Db;
  handler: ConversationHandler;
  registry: ChannelRegistry;
  clock: () => Date;
  logger: Logger;
  /** How long one step may hold its conversation (its core-api calls included) before another may take it. */
  leaseMs?: number;
  /** How long a step waits for another step of the same conversation to finish before leaving it to the sweeper. */
  waitForConversationMs?: number;
}

/**
 * One conversation step for one stored inbound message. The handler calls core-api over HTTP, so it runs
 * with no database transaction open: steps of one conversation are serialised by a lease, and the outcome
 * (replies queued, state saved, inbound row marked processed) is committed in one short transaction. A crash
 * anywhere leaves the row unprocessed for the sweeper.
 */
export async function processInboundMessage(
  deps: ProcessInboundDeps,
  messageId: string,
): Promise<'processed' | 'skipped'> {
  const counted = await countProcessAttempt(deps.db, messageId);
  if (counted === undefined) return 'skipped';
  const { attempt, row } = counted;
  if (attempt > MAX_PROCESS_ATTEMPTS) {
    deps.logger.error({ messageId, attempts: attempt - 1 }, 'inbound message left unprocessed after repeated failures');
    return 'skipped';
  }
  const kind = deps.registry[row.channel].kind;
  // USSD hops are answered inline by the webhook (src/ussd/); their rows are only the log.
  if (kind === 'ussd') {
    await markInboundProcessed(deps.db, row.id);
    return 'skipped';
  }
  const conversation = { channel: row.channel, contactAddress: row.contact_address, owner: randomUUID() };
  const claimed = await waitForConversation(deps, conversation);
  if (!claimed) return 'skipped';
  let afterCommit: (() => Promise<void>) | undefined;
  try {
    const current = await findInboundMessage(deps.db, messageId);
    if (!current || current.processed_at) return 'skipped';
    const result = await deps.handler.handle(
      {
        messageId: row.id,
        channel: row.channel,
        kind,
        contactAddress: row.contact_address,
        text: row.body ?? '',
        ...row.content,
        receivedAt: row.created_at,
      },
      { now: deps.clock(), state: claimed.state },
    );
    const rows = toOutboxRows(result.outputs, kind, {
      channel: row.channel,
      contactAddress: row.contact_address,
      inboundId: row.id,
    });
    const outcome = await deps.db.transaction(async (tx): Promise<'processed' | 'skipped'> => {
      const locked = await lockInboundMessage(tx, messageId);
      if (!locked || locked.processed_at) return 'skipped';
      // A step that outlived its lease lost the conversation to another: its result is dropped, the row retried.
      if (!(await holdsConversationLease(tx, conversation)))
        throw new Error('conversation lease expired during the step');
      for (const outbox of rows) await insertOutboxMessage(tx, outbox);
      await saveConversationStep(tx, {
        channel: row.channel,
        contactAddress: row.contact_address,
        state: result.state,
        lastInboundAt: row.created_at,
        inboundId: row.id,
      });
      return 'processed';
    });
    if (outcome === 'processed') afterCommit = result.afterCommit;
    return outcome;
  } finally {
    await releaseConversation(deps.db, conversation);
    if (afterCommit) await runAfterCommit(deps, messageId, afterCommit);
  }
}

async function waitForConversation(
  deps: ProcessInboundDeps,
  conversation: { channel: string; contactAddress: string; owner: string },
) {
  const deadline = Date.now() + (deps.waitForConversationMs ?? 20_000);
  for (;;) {
    const claimed = await claimConversation(deps.db, { ...conversation, leaseMs: deps.leaseMs ?? 60_000 });
    if (claimed || Date.now() >= deadline) return claimed;
    await delay(50);
  }
}

async function runAfterCommit(
  deps: ProcessInboundDeps,
  messageId: string,
  afterCommit: () => Promise<void>,
): Promise<void> {
  // An erasure kills queued messages: let this step's replies (its confirmation) leave first, for a while.
  for (
    let waited = 0;
    waited < AFTER_COMMIT_WAIT_MS && (await countUnsentReplies(deps.db, messageId)) > 0;
    waited += 100
  )
    await delay(100);
  await afterCommit().catch((error: unknown) =>
    deps.logger.error({ err: error, messageId }, 'work after the conversation step failed'),
  );
}

const AFTER_COMMIT_WAIT_MS = 15_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SMS replies are split here, one row per SMS, so each part has its own provider id, delivery
 * status, segment count and encoding; other channels keep the content whole for their renderer.
 */
export function toOutboxRows(
  outputs: OutboundContent[],
  kind: ChannelKind,
  target: { channel: string; contactAddress: string; inboundId: string },
): OutboxRow[] {
  const rows: OutboxRow[] = [];
  const push = (content: OutboundContent, extra: Partial<OutboxRow> = {}) =>
    rows.push({
      channel: target.channel,
      contactAddress: target.contactAddress,
      content,
      idempotencyKey: `reply:${target.inboundId}:${rows.length}`,
      ...extra,
    });
  for (const output of outputs) {
    if (kind !== 'sms') {
      push(output);
      continue;
    }
    splitSms(renderNumberedText(output)).forEach((text, index) => {
      const count = countSmsSegments(text);
      push(
        { text, ...(index === 0 && output.media ? { media: output.media } : {}) },
        { segments: count.segments, encoding: count.encoding },
      );
    });
  }
  return rows;
}
