// `node --import tsx bench/ussd/conversation-in-process.ts`: the CPU of the benchmark's 4-hop USSD session
// through the gateway's form parser, hop handler and flow handler, in one process, with in-process stores
// and a core-api answering from memory: what the conversation layer costs before any socket, Redis or
// PostgreSQL. Prints µs of CPU per session; not part of `npm run bench` (the USSD notes cite it).
import { assessTriage } from '@medlink/core-api/triage/assess-triage';
import { loadFlowBundle } from '@medlink/flows/engine/load-flow-bundle';
import { createLogger } from '@medlink/platform/logger';
import type { CoreApiClient } from '../../bot-gateway/src/actions/core-api-client';
import { parseAfricasTalkingUssd } from '../../bot-gateway/src/channels/africastalking-ussd/parse';
import { saveCachedContact } from '../../bot-gateway/src/conversations/contact-cache';
import { createFlowHandler } from '../../bot-gateway/src/conversations/flow-handler';
import { createMemoryKeyValueStore } from '../../bot-gateway/src/conversations/key-value-store';
import { handleUssdHop, type UssdHopDeps } from '../../bot-gateway/src/ussd/handle-ussd-hop';
import { createMemoryUssdSessionStore } from '../../bot-gateway/src/ussd/ussd-session-store';

const SESSIONS = Number(process.env.SESSIONS ?? 20_000);
const WARMUP_SESSIONS = 3_000;
const DIALS = ['1', '1*4', '1*4*2', '1*4*2*1'];
const PATIENTS = 200;

const protocolVersion = assessTriage({
  ageYears: 30,
  sex: 'male',
  pregnant: false,
  findings: {},
  lang: 'en',
}).protocolVersion;
let recordCount = 0;
const coreApi: CoreApiClient = {
  async request(_method, path, options) {
    if (path === '/triage/protocol') return { status: 200, body: { protocolVersion } };
    if (path === '/triage/assess') {
      recordCount += 1;
      const assessment = assessTriage(options?.body as Parameters<typeof assessTriage>[0]);
      return { status: 200, body: { ...assessment, triageRecordId: `record-${recordCount}` } };
    }
    if (path === '/facilities') {
      const facility = { id: 'f1', name: 'Mbagathi', distanceKm: 2.5, phone: '+254700000001', openNow: true };
      return { status: 200, body: { items: [facility] } };
    }
    return { status: 404, body: { title: `not simulated: ${path}` } };
  },
};

async function main(): Promise<void> {
  const kv = createMemoryKeyValueStore();
  const phones = Array.from({ length: PATIENTS }, (_, index) => `+25472${String(index).padStart(7, '0')}`);
  for (const [index, phone] of phones.entries()) {
    const patient = {
      patientId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      preferredLanguage: 'en' as const,
      consentVersion: '2026-11',
      optedOut: false,
    };
    await saveCachedContact(kv, phone, { contact: { lang: 'en', consentVersion: '2026-11' }, patient }, 86_400);
  }
  // The store counts as young (sessions possibly lost) for its first minutes: start it an hour back.
  let clockOffsetMs = -3_600_000;
  const sessions = createMemoryUssdSessionStore(() => new Date(Date.now() + clockOffsetMs));
  clockOffsetMs = 0;
  const deps: UssdHopDeps = {
    db: undefined as never,
    sessions,
    hopLog: {
      append: async () => undefined,
      drain: async () => undefined,
      close: async () => undefined,
      pending: () => 0,
    },
    handler: createFlowHandler({
      bundle: loadFlowBundle(),
      api: coreApi,
      kv,
      logger: createLogger({ service: 'bench-conversation', level: 'silent' }),
      contactTtlSeconds: 86_400,
      conversationTimeoutMs: 30 * 60_000,
      identityKindOf: () => 'phone',
    }),
    clock: () => new Date(),
    resumeWindowSeconds: 120,
  };
  let sessionCount = 0;
  const runSessions = async (count: number) => {
    for (let index = 0; index < count; index += 1) {
      const sessionId = `ATUid_${(sessionCount += 1)}`;
      const phone = phones[index % phones.length] ?? '';
      for (const dial of DIALS) {
        const form = { sessionId, serviceCode: '*384*123#', phoneNumber: phone, text: dial };
        const message = parseAfricasTalkingUssd(form, new Date());
        const { response } = await handleUssdHop(deps, message);
        if (dial === DIALS.at(-1) && !response.includes('EMERGENCY')) throw new Error(`unexpected: ${response}`);
      }
    }
  };
  await runSessions(WARMUP_SESSIONS);
  const before = process.cpuUsage();
  await runSessions(SESSIONS);
  const cpu = process.cpuUsage(before);
  console.log(`${((cpu.user + cpu.system) / SESSIONS).toFixed(1)} µs of CPU per session (${SESSIONS} sessions)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
