import type { Db } from '@medlink/platform/db';
import type { Rig } from './chaos-rig';
import { INBOUND_CHANNELS, PATIENT_TEXTS, sendInbound, type AckedInbound } from './inbound-driver';
import { playUssdSession, sleep, type UssdSessionRecord } from './ussd-driver';

export interface ScenarioPlan {
  name: string;
  durationMs: number;
  /** New USSD sessions per second (each plays 3 hops). */
  ussdSessionsPerSecond: number;
  /** SMS and WhatsApp messages per second, spread over the four inbound channels. */
  inboundPerSecond: number;
  ussdThinkMs: number;
  /** Share of inbound messages the provider delivers twice. */
  duplicateShare: number;
  /** When, from the start of the load, each fault happens. */
  faults: { atMs: number; action: 'kill' | 'restart'; target: 'gateway' | 'worker'; index: number }[];
  drainTimeoutMs: number;
}

export interface ScenarioResult {
  plan: ScenarioPlan;
  reference: UssdSessionRecord;
  sessions: UssdSessionRecord[];
  hopLatenciesMs: number[];
  inboundLatenciesMs: number[];
  acked: AckedInbound[];
  inboundSent: number;
  inboundRefused: Map<number, number>;
  maxOutboxDepth: number;
  maxInboxBacklog: number;
  /** The lowest inbox concurrency the load shedder set (undefined: never limited). */
  minInboxConcurrency: number | undefined;
  drainMs: number | undefined;
  faultLog: string[];
  loadMs: number;
}

/** Runs the mixed load with the planned kills and restarts, then waits for the backlog to drain. */
export async function runScenario(rig: Rig, plan: ScenarioPlan, log: (line: string) => void): Promise<ScenarioResult> {
  const target = {
    nginxUrl: rig.nginxUrl,
    token: rig.secrets.atWebhookToken,
    serviceCode: rig.secrets.ussdCode,
    instanceOf: rig.instanceOf,
  };
  const runTag = Date.now().toString(36).slice(-5);
  const reference = await playUssdSession(
    target,
    { sessionId: `ATUid_ref_${runTag}`, phone: '+254700000001', thinkMs: 0 },
    () => undefined,
  );
  if (!reference.completed)
    throw new Error(`the reference USSD session failed before any fault: ${reference.error ?? ''}`);

  const hopLatenciesMs: number[] = [];
  const inboundLatenciesMs: number[] = [];
  const acked: AckedInbound[] = [];
  const inboundRefused = new Map<number, number>();
  const faultLog: string[] = [];
  let inboundSent = 0;
  let maxOutboxDepth = 0;
  let maxInboxBacklog = 0;
  let minInboxConcurrency: number | undefined;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const depth = await sampleBacklog(rig.db).catch(() => undefined);
      if (depth) {
        maxOutboxDepth = Math.max(maxOutboxDepth, depth.outbox);
        maxInboxBacklog = Math.max(maxInboxBacklog, depth.inbox);
      }
      // BullMQ keeps a queue's global concurrency in its meta hash (the gateway's inbox queue: medlink:gateway:inbox).
      const limit = Number(await rig.redis.hget('medlink:gateway:inbox:meta', 'concurrency').catch(() => null));
      if (limit > 0) minInboxConcurrency = Math.min(minInboxConcurrency ?? limit, limit);
      await sleep(500);
    }
  })();

  const started = Date.now();
  const faults = (async () => {
    for (const fault of [...plan.faults].sort((a, b) => a.atMs - b.atMs)) {
      await sleep(Math.max(0, fault.atMs - (Date.now() - started)));
      const instance = (fault.target === 'gateway' ? rig.gateways : rig.workers)[fault.index];
      if (!instance) continue;
      if (fault.action === 'kill') await instance.kill();
      else await instance.start();
      const line = `${((Date.now() - started) / 1000).toFixed(1)} s: ${fault.action === 'kill' ? 'SIGKILL' : 'restarted'} ${instance.name}`;
      faultLog.push(line);
      log(line);
    }
  })();

  let sessionCount = 0;
  const ussd = runAtRate(plan.ussdSessionsPerSecond, plan.durationMs, async () => {
    sessionCount += 1;
    const n = sessionCount;
    return playUssdSession(
      target,
      {
        sessionId: `ATUid_${runTag}_${n}`,
        phone: `+2547${(10_000_000 + n).toString().slice(-8)}`,
        thinkMs: plan.ussdThinkMs,
      },
      (ms) => hopLatenciesMs.push(ms),
    );
  });
  let inboundCount = 0;
  const inbound = runAtRate(plan.inboundPerSecond, plan.durationMs, async () => {
    inboundCount += 1;
    const n = inboundCount;
    const channel = INBOUND_CHANNELS[n % INBOUND_CHANNELS.length] ?? 'twilio-sms';
    // A pool of contacts per channel, so conversations move on (language, then menu) instead of always starting.
    const from = `+2547${(20_000_000 + (n % 200)).toString().slice(-8)}`;
    const outcome = await sendInbound(rig.simulatorUrl, {
      channel,
      from,
      text: PATIENT_TEXTS[n % PATIENT_TEXTS.length] ?? 'Bonjour',
      duplicate: Math.random() < plan.duplicateShare,
    });
    inboundSent += 1;
    inboundLatenciesMs.push(outcome.latencyMs);
    if (outcome.acked) acked.push(outcome.acked);
    else inboundRefused.set(outcome.status, (inboundRefused.get(outcome.status) ?? 0) + 1);
  });
  const [sessions] = await Promise.all([ussd, inbound, faults]);
  const loadMs = Date.now() - started;
  log(
    `load done in ${(loadMs / 1000).toFixed(1)} s: ${sessions.length} USSD sessions, ${inboundSent} inbound messages`,
  );

  const drainStarted = Date.now();
  let drainMs: number | undefined;
  while (Date.now() - drainStarted < plan.drainTimeoutMs) {
    const depth = await sampleBacklog(rig.db);
    maxOutboxDepth = Math.max(maxOutboxDepth, depth.outbox);
    maxInboxBacklog = Math.max(maxInboxBacklog, depth.inbox);
    if (depth.outbox === 0 && depth.inbox === 0) {
      drainMs = Date.now() - drainStarted;
      break;
    }
    await sleep(250);
  }
  sampling = false;
  await sampler;
  return {
    plan,
    reference,
    sessions,
    hopLatenciesMs,
    inboundLatenciesMs,
    acked,
    inboundSent,
    inboundRefused,
    maxOutboxDepth,
    maxInboxBacklog,
    minInboxConcurrency,
    drainMs,
    faultLog,
    loadMs,
  };
}

/** Outbox rows not yet sent, and inbound SMS/WhatsApp rows not yet run through the conversation. */
export async function sampleBacklog(db: Db): Promise<{ outbox: number; inbox: number }> {
  const result = await db.query<{ outbox: number; inbox: number }>(
    `SELECT count(*) FILTER (WHERE direction = 'out' AND status IN ('queued', 'sending'))::int AS outbox,
            count(*) FILTER (WHERE direction = 'in' AND processed_at IS NULL AND channel <> 'africastalking-ussd')::int AS inbox
       FROM messages`,
  );
  return result.rows[0] ?? { outbox: 0, inbox: 0 };
}

/** Starts `task` at a steady rate for the duration (not waiting for each), then waits for all of them. */
async function runAtRate<T>(perSecond: number, durationMs: number, task: () => Promise<T>): Promise<T[]> {
  if (perSecond <= 0) return [];
  const running: Promise<T>[] = [];
  const interval = 1000 / perSecond;
  const started = performance.now();
  for (let i = 0; ; i += 1) {
    const due = started + i * interval;
    if (due - started >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(task());
  }
  return Promise.all(running);
}
