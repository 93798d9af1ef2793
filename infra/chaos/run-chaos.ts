// `npm run test:chaos [-- --quick | --surge] [--no-shed] [--no-write] [--keep] [--seconds=N]`: the multi-instance failure
// test (docs/operations.md, "Failure and surge tests"). Exits 1 when an acknowledged message is lost, an outbound message is sent twice,
// a live-event subscriber misses an event, or a USSD session does not carry on across instances.
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { writeBenchmarkBlock } from './benchmarks-section';
import { checkNoDoubleSend, checkNothingLost, checkUssdContinuity, type CheckResult } from './chaos-checks';
import { startRig } from './chaos-rig';
import { runScenario, type ScenarioPlan } from './chaos-scenario';
import { startLiveListeners } from './live-listeners';
import { renderReport } from './render-report';

const root = path.join(__dirname, '..', '..');
const args = new Set(process.argv.slice(2));
const mode = args.has('--surge') ? 'surge' : args.has('--quick') ? 'quick' : 'full';
const log = (line: string) => console.log(`[chaos] ${line}`);

/**
 * The "normal" inbound rate: about 43,000 USSD sessions and 130,000 SMS/WhatsApp messages a day. The failure
 * runs use three times it (so kills land on work in flight); the surge ten times it.
 */
const NORMAL = { ussdSessionsPerSecond: 0.5, inboundPerSecond: 1.5 };
const BUSY = { ussdSessionsPerSecond: NORMAL.ussdSessionsPerSecond * 3, inboundPerSecond: NORMAL.inboundPerSecond * 3 };

const killAndRestart = (atMs: number, index: number, downMs: number): ScenarioPlan['faults'] => [
  { atMs, action: 'kill', target: 'gateway', index },
  { atMs: atMs + 500, action: 'kill', target: 'worker', index },
  { atMs: atMs + downMs, action: 'restart', target: 'gateway', index },
  { atMs: atMs + downMs + 500, action: 'restart', target: 'worker', index },
];

const plans: Record<typeof mode, ScenarioPlan> = {
  quick: {
    name: 'quick',
    durationMs: 24_000,
    ...BUSY,
    ussdThinkMs: 400,
    duplicateShare: 0.1,
    faults: killAndRestart(7_000, 0, 6_000),
    drainTimeoutMs: 60_000,
  },
  full: {
    name: 'full',
    durationMs: 60_000,
    ...BUSY,
    ussdThinkMs: 800,
    duplicateShare: 0.1,
    faults: [...killAndRestart(12_000, 0, 8_000), ...killAndRestart(35_000, 1, 8_000)],
    drainTimeoutMs: 120_000,
  },
  surge: {
    name: 'surge',
    durationMs: 60_000,
    ussdSessionsPerSecond: NORMAL.ussdSessionsPerSecond * 10,
    inboundPerSecond: NORMAL.inboundPerSecond * 10,
    ussdThinkMs: 800,
    duplicateShare: 0.05,
    faults: [],
    drainTimeoutMs: 180_000,
  },
};

async function main(): Promise<number> {
  const seconds = Number(process.argv.find((arg) => arg.startsWith('--seconds='))?.slice('--seconds='.length));
  const plan = { ...plans[mode], ...(seconds > 0 ? { durationMs: seconds * 1000 } : {}) };
  const rig = await startRig({
    root,
    log,
    workerConcurrency: mode === 'surge' ? 20 : 10,
    shedInboxLoad: !args.has('--no-shed'),
  });
  // Interrupted (Ctrl-C, a CI timeout): stop every process the rig started before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the rig`);
      void rig.close().finally(() => process.exit(130));
    });
  }
  const checks: CheckResult[] = [];
  try {
    // A broken live layer is one failed check; the message checks still run.
    const listeners = await startLiveListeners(rig, { clients: 4, log }).catch((error: unknown) => {
      checks.push({
        name: 'every socket client got every event meant for it',
        ok: false,
        detail: `set-up failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return undefined;
    });
    const generator = listeners?.generate(plan.durationMs, mode === 'surge' ? 4 : 2);
    const loadAtStart = loadavg()[0] ?? 0;
    const result = await runScenario(rig, plan, log);
    const loadAtEnd = loadavg()[0] ?? 0;
    await generator;
    checks.push(await checkNothingLost(rig.db, result));
    const outbound = await checkNoDoubleSend(rig.db, rig.simulatorUrl);
    checks.push(outbound.check);
    checks.push(checkUssdContinuity(result));
    if (listeners) {
      checks.push(await listeners.check());
      await listeners.close();
    }
    if (mode === 'surge') checks.push(checkSurgeLatency(result.hopLatenciesMs));
    const report = renderReport({
      mode,
      result,
      outbound: outbound.figures,
      checks,
      normal: NORMAL,
      isShedding: !args.has('--no-shed'),
      loadAverages: [loadAtStart, loadAtEnd],
    });
    console.log(`\n${report.summary}\n`);
    if (!args.has('--no-write')) {
      await writeBenchmarkBlock(path.join(root, 'docs', 'benchmarks.md'), report.blockTitle, report.markdown);
      log(`figures written to docs/benchmarks.md ("${report.blockTitle}")`);
    }
  } finally {
    await rig.close();
  }
  const failed = checks.filter((check) => !check.ok);
  if (failed.length === 0 && checks.length > 0 && !args.has('--keep'))
    await rm(rig.workDir, { recursive: true, force: true });
  else log(`process logs kept in ${rig.workDir}`);
  const skipped = checks.filter((check) => check.skipped);
  for (const check of checks)
    console.log(`${check.skipped ? 'SKIP' : check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`);
  console.log(
    `\nchaos checks: passed ${checks.length - failed.length - skipped.length}, failed ${failed.length}, skipped ${skipped.length}`,
  );
  return failed.length === 0 ? 0 : 1;
}

function checkSurgeLatency(latencies: number[]): CheckResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  return {
    name: 'USSD p99 under surge within 2 s',
    ok: sorted.length > 0 && p99 <= 2_000,
    detail: `p99 ${Math.round(p99)} ms over ${sorted.length} hops`,
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[chaos] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
