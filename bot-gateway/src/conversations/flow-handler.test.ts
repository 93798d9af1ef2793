import { assessTriage } from '@medlink/core-api/triage/assess-triage';
import { loadFlowBundle } from '@medlink/flows/engine/load-flow-bundle';
import { createLogger } from '@medlink/platform/logger';
import type { CoreApiClient } from '../actions/core-api-client';
import type { ConversationMessage, ConversationState } from './conversation-handler';
import { saveCachedContact } from './contact-cache';
import { createFlowHandler } from './flow-handler';
import { createMemoryKeyValueStore, type KeyValueStore } from './key-value-store';

const PHONE = '+254720000001';
const PATIENT = {
  patientId: 'patient-1',
  preferredLanguage: 'en',
  consentVersion: '2026-11',
  optedOut: false,
} as const;

/** core-api as the triage journey needs it (its own assessment); anything else is a 404, a failed action. */
function stubApi(assessedFor: unknown[]): CoreApiClient {
  return {
    async request(method, path, options) {
      if (method === 'POST' && path === '/triage/assess') {
        const {
          patientId,
          channel: _channel,
          ...request
        } = options?.body as Parameters<typeof assessTriage>[0] & {
          patientId: string;
          channel: string;
        };
        assessedFor.push(patientId);
        return { status: 200, body: { ...assessTriage(request), triageRecordId: `record-${assessedFor.length}` } };
      }
      return { status: 404, body: { title: 'Not Found' } };
    },
  };
}

function countingReads(kv: KeyValueStore): { kv: KeyValueStore; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    kv: { ...kv, get: (key) => (reads.push(key), kv.get(key)) },
  };
}

async function setUp() {
  const memory = createMemoryKeyValueStore();
  await saveCachedContact(memory, PHONE, { contact: { lang: 'en', consentVersion: '2026-11' }, patient: PATIENT }, 600);
  const { kv, reads } = countingReads(memory);
  const assessedFor: unknown[] = [];
  const handler = createFlowHandler({
    bundle: loadFlowBundle(),
    api: stubApi(assessedFor),
    kv,
    logger: createLogger({ service: 'test', level: 'silent' }),
    contactTtlSeconds: 600,
    conversationTimeoutMs: 30 * 60_000,
    identityKindOf: () => 'phone',
  });
  let turn = 0;
  const say = async (text: string, state: ConversationState | undefined, isStateOwn: boolean) => {
    turn += 1;
    const message: ConversationMessage = {
      messageId: `hop-${turn}`,
      channel: 'africastalking-ussd',
      kind: 'ussd',
      contactAddress: PHONE,
      text,
      receivedAt: new Date(),
    };
    return handler.handle(message, { now: new Date(), state, isStateOwn });
  };
  return { say, reads, assessedFor };
}

/** A state as read back from the session store: JSON, not the object this process returned. */
const fromStore = (state: ConversationState): ConversationState => JSON.parse(JSON.stringify(state));

describe('the patient behind a conversation', () => {
  it('is read from the contact cache once, on the first turn, and goes with the state after that', async () => {
    const { say, reads, assessedFor } = await setUp();
    let result = await say('', undefined, false);
    result = await say('1', result.state, true);
    result = await say('4', fromStore(result.state), false);
    result = await say('2', result.state, true);
    await say('1', result.state, true);
    expect(assessedFor.length).toBeGreaterThan(0);
    expect(new Set(assessedFor)).toEqual(new Set([PATIENT.patientId]));
    expect(reads).toEqual([`flow:contact:${PHONE}`]);
  });

  it('is read from the contact cache again when the stored state carries no valid patient', async () => {
    const { say, reads, assessedFor } = await setUp();
    let result = await say('', undefined, false);
    result = await say('1', result.state, true);
    result = await say('4', { ...fromStore(result.state), patient: { patientId: 42 } }, false);
    result = await say('2', result.state, true);
    await say('1', result.state, true);
    expect(assessedFor.length).toBeGreaterThan(0);
    expect(new Set(assessedFor)).toEqual(new Set([PATIENT.patientId]));
    expect(reads).toEqual([`flow:contact:${PHONE}`, `flow:contact:${PHONE}`]);
  });
});
