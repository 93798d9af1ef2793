// `npm run bench -- ussd`: the gateway's USSD hot path (flow engine, Redis sessions, PostgreSQL hop log,
// the triage assessment committed by core-api) against the peers of ../shared/bench, in one run.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { cpuSecondsOfCommand, cpuSecondsOfProcess } from '../lib/process-cpu';
import { waitUntilAnswering } from '../lib/wait-until-answering';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';
import { prepareBenchDatabase, REDIS_URL } from './bench-setup';

const REPO = path.resolve(__dirname, '../..');
const SHARED = process.env.USSD_BENCH_SOURCE ?? path.resolve(REPO, '../shared/bench');
const TOOL = process.env.USSD_BENCH_DIR ?? path.join(tmpdir(), 'ussd-bench');
// Three, so the median sets aside one disturbed repetition (this machine's runs vary by about 10 %).
const REPS = Number(process.env.USSD_BENCH_REPS ?? 3);
const WARMUP_S = Number(process.env.USSD_BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(process.env.USSD_BENCH_DURATION_S ?? 10);
const CONCURRENCY = 50;
const PORT = 3391;
const SCRIPT_FILE = path.join(REPO, 'bench/ussd-returning-patient.json');
const EXPECT = ['How old', 'female or male', 'struggling', 'END EMERGENCY: go to the nearest hospital now'];
const CORE_API_PORT = 3392;
/** The row of serve-floor.ts: what the session's required work alone costs, no engine and no hop log. */
const FLOOR = 'floor: required work only';
/** The row of serve-fixed-screens.ts: the gateway as deployed with the flow engine swapped for fixed screens. */
const FIXED_SCREENS = 'gateway, fixed screens (no conversation)';

const loadResultSchema = z.object({
  sessions_per_s: z.number(),
  requests_per_s: z.number(),
  latency_ms: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }),
  errors: z.object({ total: z.number() }),
  driver: z.object({ cpu_pct: z.number() }),
});
type LoadResult = z.infer<typeof loadResultSchema>;
const summarySchema = z.object({
  rows: z.array(
    z.object({
      target: z.string(),
      sessions_per_s: z.number().nullable(),
      requests_per_s: z.number(),
      p99_ms: z.number().nullable(),
      p50_ms: z.number().nullable(),
      server_cpu_pct: z.number().nullable().optional(),
      redis_cpu_pct: z.number().nullable().optional(),
      driver_cpu_pct: z.number().nullable().optional(),
    }),
  ),
});

function ensureTool(): void {
  // ../shared/bench is read-only: run a copy with its own node_modules.
  if (!existsSync(path.join(TOOL, 'node_modules'))) {
    cpSync(SHARED, TOOL, { recursive: true });
    spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: TOOL, stdio: 'inherit' });
  }
}

/** A benchmark process pinned to `core`; taskset execs node, so the child's pid is the server's. */
function spawnPinned(core: number, script: string, env: Record<string, string>) {
  // The Node flags of the service image (infra/docker/Dockerfile).
  const nodeFlags = ['--max-semi-space-size=32', '--import', 'tsx'];
  return spawn('taskset', ['-c', String(core), process.execPath, ...nodeFlags, path.join(__dirname, script)], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
}

/**
 * `serve-ussd.ts` is the gateway; `serve-fixed-screens.ts` the gateway without its conversation layer;
 * `serve-floor.ts` the session's required work alone (see those files).
 */
async function gatewayTrial(
  phonesFile: string,
  serverScript: 'serve-ussd.ts' | 'serve-fixed-screens.ts' | 'serve-floor.ts',
): Promise<LoadResult & { cpu: CpuShares }> {
  // As deployed, core-api is its own process: on the driver's core, so the gateway's core is measured alone.
  const api = spawnPinned(0, 'serve-core-api.ts', { API_PORT: String(CORE_API_PORT) });
  const server = spawnPinned(1, serverScript, {
    PORT: String(PORT),
    REDIS_URL,
    CORE_API_URL: `http://127.0.0.1:${CORE_API_PORT}`,
  });
  try {
    await waitUntilAnswering(`http://127.0.0.1:${CORE_API_PORT}/healthz`, 'core-api', 30_000);
    await waitUntilAnswering(`http://127.0.0.1:${PORT}/healthz`, 'the gateway', 30_000);
    const args = [
      'ussd-load.mjs',
      '--url',
      `http://127.0.0.1:${PORT}`,
      '--path',
      '/webhooks/africastalking/ussd',
      '--concurrency',
      String(CONCURRENCY),
    ];
    args.push(
      '--warmup',
      String(WARMUP_S),
      '--duration',
      String(DURATION_S),
      '--script',
      `@${SCRIPT_FILE}`,
      '--phones',
      `@${phonesFile}`,
    );
    args.push('--expect', JSON.stringify(EXPECT), '--label', serverScript, '--quiet');
    // CPU over warm-up + run, in % of one core (the driver reports its own, over the run).
    const sample = () => ({
      server: cpuSecondsOfProcess(server.pid),
      coreApi: cpuSecondsOfProcess(api.pid),
      postgres: cpuSecondsOfCommand('postgres'),
      redis: cpuSecondsOfCommand('redis-server'),
    });
    const before = sample();
    const startedAt = Date.now();
    const run = spawnSync('taskset', ['-c', '0', process.execPath, ...args], { cwd: TOOL, encoding: 'utf8' });
    const seconds = (Date.now() - startedAt) / 1000;
    const after = sample();
    const pct = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? undefined : (100 * (to - from)) / seconds;
    const line = run.stdout.trim().split('\n').pop() ?? '';
    const result = loadResultSchema.parse(JSON.parse(line));
    const cpu = {
      server: pct(before.server, after.server) ?? 0,
      coreApi: pct(before.coreApi, after.coreApi),
      postgres: pct(before.postgres, after.postgres),
      redis: pct(before.redis, after.redis),
      driver: result.driver.cpu_pct,
    };
    return { ...result, cpu };
  } finally {
    for (const child of [server, api]) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

function peerTrial(): z.infer<typeof summarySchema>['rows'] {
  const out = path.join(TOOL, 'results');
  const before = new Set(existsSync(out) ? readdirSync(out) : []);
  const args = [
    'run-baselines.mjs',
    '--reps',
    '1',
    '--warmup',
    String(WARMUP_S),
    '--duration',
    String(DURATION_S),
    '--no-wrk',
  ];
  args.push('--targets', 'bare-http,express-redis,menu-builder', '--gate-max', '5');
  spawnSync(process.execPath, args, { cwd: TOOL, stdio: ['ignore', 'ignore', 'inherit'] });
  const created = readdirSync(out).filter((name) => !before.has(name));
  const dir = created.sort().at(-1);
  if (!dir) throw new Error('run-baselines wrote no results');
  return summarySchema.parse(JSON.parse(readFileSync(path.join(out, dir, 'summary.json'), 'utf8'))).rows;
}

/** The 1-minute load average, sampled before and after every trial (the trials block the event loop). */
const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main(): Promise<void> {
  ensureTool();
  const phones = await prepareBenchDatabase(200, mkdtempSync(path.join(tmpdir(), 'medlink-bench-prep-')));
  const phonesFile = path.join(tmpdir(), 'medlink-ussd-phones.json');
  writeFileSync(phonesFile, JSON.stringify(phones));
  const rows: Record<string, TargetRow> = {};
  const add = (target: string, trial: Trial) => {
    (rows[target] ??= { trials: [] }).trials.push(trial);
  };
  for (let rep = 0; rep < REPS; rep += 1) {
    sampleLoad();
    const peers = peerTrial();
    sampleLoad();
    for (const row of peers)
      add(row.target, {
        sessions: row.sessions_per_s ?? 0,
        requests: row.requests_per_s,
        p50: row.p50_ms ?? 0,
        p99: row.p99_ms ?? 0,
        errors: 0,
        cpu: {
          server: row.server_cpu_pct ?? 0,
          redis: row.redis_cpu_pct ?? undefined,
          driver: row.driver_cpu_pct ?? undefined,
        },
      });
    for (const [target, script] of [
      ['gateway', 'serve-ussd.ts'],
      [FIXED_SCREENS, 'serve-fixed-screens.ts'],
      [FLOOR, 'serve-floor.ts'],
    ] as const) {
      const result = await gatewayTrial(phonesFile, script);
      sampleLoad();
      add(target, {
        sessions: result.sessions_per_s,
        requests: result.requests_per_s,
        p50: result.latency_ms.p50,
        p99: result.latency_ms.p99,
        errors: result.errors.total,
        cpu: result.cpu,
      });
      console.log(`rep ${rep + 1}: ${target} ${result.sessions_per_s} sessions/s, p99 ${result.latency_ms.p99} ms`);
    }
  }
  await writeSection(rows);
}

/** CPU of each part of the stack during a trial, in % of one core; undefined where not measured. */
interface CpuShares {
  server: number;
  coreApi?: number | undefined;
  postgres?: number | undefined;
  redis?: number | undefined;
  driver?: number | undefined;
}

interface Trial {
  sessions: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  cpu: CpuShares;
}

interface TargetRow {
  trials: Trial[];
}

const STACK_PARTS = ['server', 'coreApi', 'postgres', 'redis', 'driver'] as const;

/** The median over a row's trials of one figure; undefined when no trial measured it. */
function medianOf(row: TargetRow | undefined, figure: (trial: Trial) => number | undefined): number | undefined {
  const values = (row?.trials ?? []).map(figure).filter((value): value is number => value !== undefined);
  return values.length > 0 ? median(values) : undefined;
}

/** A part's CPU per completed session, in ms (a % of one core is 10 ms of CPU per second). */
const msPerSession = (trial: Trial, share: number | undefined) =>
  share === undefined || trial.sessions <= 0 ? undefined : (share * 10) / trial.sessions;

/** The whole stack's CPU per session: every part measured in the trial. */
const stackMsPerSession = (trial: Trial) =>
  STACK_PARTS.reduce((sum, part) => sum + (msPerSession(trial, trial.cpu[part]) ?? 0), 0);

/** How many of the machine's cores the stack kept busy. */
const coresBusy = (trial: Trial) => (stackMsPerSession(trial) * trial.sessions) / 1000;

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '-' : value.toFixed(digits));

async function writeSection(rows: Record<string, TargetRow>): Promise<void> {
  const sessionsOf = (target: string) => medianOf(rows[target], (trial) => trial.sessions) ?? 0;
  const gateway = sessionsOf('gateway');
  const lines = Object.entries(rows).map(([target, row]) => {
    const ratio = target === 'gateway' ? '-' : (gateway / sessionsOf(target)).toFixed(3);
    const parts = STACK_PARTS.map((part) => fixed(medianOf(row, (trial) => msPerSession(trial, trial.cpu[part]))));
    const cells = [
      target,
      sessionsOf(target).toFixed(1),
      fixed(
        medianOf(row, (trial) => trial.requests),
        0,
      ),
      fixed(
        medianOf(row, (trial) => trial.p50),
        1,
      ),
      fixed(
        medianOf(row, (trial) => trial.p99),
        1,
      ),
      ...parts,
      fixed(medianOf(row, stackMsPerSession)),
      fixed(medianOf(row, coresBusy)),
      String(row.trials.reduce((total, trial) => total + trial.errors, 0)),
      ratio,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const menuBuilder = sessionsOf('menu-builder');
  const p99 = medianOf(rows['gateway'], (trial) => trial.p99) ?? 0;
  const load = `${Math.min(...loadSamples).toFixed(2)}–${Math.max(...loadSamples).toFixed(2)}`;
  const section = [
    '## USSD',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/ussd/run.ts\` (median of ${REPS} interleaved repetitions, ${WARMUP_S} s warm-up + ${DURATION_S} s each, closed loop, ${CONCURRENCY} users; the server on core 1, the driver on core 0; Redis and PostgreSQL not pinned; 1-minute load average between trials ${load} on 2 cores).`,
    'Gateway: the 4-request triage session of `bench/ussd-returning-patient.json` (CONTRACT.md) by 200 returning patients (language chosen, consent given) from `--phones`: dialled as `*384*123*1#` (Africa\'s Talking sends the `1` with the first request, which opens triage), age, sex, one danger sign "yes" → `END` with what to do now, the emergency number and the hotline (core-api knows no position for these patients, so no facility is named: none is picked from a whole country); every reply checked. Real work per session: Redis session state on every hop, the triage assessment committed to PostgreSQL by core-api (HTTP) before the last reply, a PostgreSQL lookup on the first hop (a dial with inputs is replayed only when the session was never logged) and the hop log written behind the answers. core-api runs as its own process, as deployed, pinned to the driver\'s core.',
    'Peers: the 4-request menus of ../shared/bench (`run-baselines.mjs`), same run.',
    `"${FIXED_SCREENS}" (\`bench/ussd/serve-fixed-screens.ts\`, not a product path): the gateway as deployed (node:http fast path, webhook checks, Redis sessions and resume pointer, the hop log in PostgreSQL) with the flow engine swapped for a handler that returns the floor's fixed screens and commits the same triage assessment through core-api: the gap to the gateway's row is the conversation layer (engine, actions, contact facts, local triage, rendering), the gap to the floor's is the gateway's plumbing and hop log.`,
    `"${FLOOR}" (\`bench/ussd/serve-floor.ts\`, not a product path): the same session with only the work the issue requires of it, on the same core-api, PostgreSQL and Redis: node:http and the form, the session written to Redis by the gateway's compare-and-set store on every hop, and the triage assessment committed by core-api before the last reply; no flow engine, no hop log, no facility search, fixed screens. It bounds what any gateway design reaches here.`,
    'CPU columns: ms of CPU per completed session of each part of the stack, from /proc (PostgreSQL: the postmaster and all its backends; the driver reports its own); "whole stack" is their sum, "cores busy" what the stack kept busy of the machine\'s 2 cores. The peers\' runs measure their server, Redis and driver only.',
    '',
    '| target | sessions/s | req/s | p50 ms | p99 ms | server CPU ms/session | core-api | PostgreSQL | Redis | driver | whole stack | cores busy | errors | gateway ÷ target (sessions/s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
    '',
    targetArithmetic(rows, 1.5 * menuBuilder),
    '',
    USSD_NOTES,
    '',
    `Targets (>= 1.5 x menu-builder sessions/s, p99 <= 50 ms at concurrency 50): ${gateway >= 1.5 * menuBuilder ? 'throughput met' : `throughput not met (${(gateway / menuBuilder).toFixed(2)} x)`}; ${p99 <= 50 ? 'p99 met' : `p99 not met (${p99.toFixed(0)} ms)`}.`,
    '',
  ].join('\n');
  await writeBenchmarkSection(section);
  console.log(section);
}

/**
 * What the throughput target leaves for a gateway's own work, from this run's rows: the CPU per session the
 * whole stack may use at the target rate, against what the floor, the fixed-screens gateway and the gateway use.
 */
function targetArithmetic(rows: Record<string, TargetRow>, targetSessions: number): string {
  const stack = (target: string) => medianOf(rows[target], stackMsPerSession) ?? 0;
  const postgres = (target: string) => medianOf(rows[target], (trial) => msPerSession(trial, trial.cpu.postgres));
  const floorCores = medianOf(rows[FLOOR], coresBusy) ?? 0;
  const budget = (floorCores * 1000) / targetSessions;
  const left = budget - stack(FLOOR);
  const fixedPostgres = postgres(FIXED_SCREENS);
  const floorPostgres = postgres(FLOOR);
  const hopLog =
    fixedPostgres === undefined || floorPostgres === undefined
      ? 'not measured (PostgreSQL is not on this machine)'
      : `${(fixedPostgres - floorPostgres).toFixed(2)} ms of PostgreSQL CPU (the fixed-screens row's PostgreSQL minus the floor's)`;
  return [
    `The target's arithmetic, from this run: 1.5 x menu-builder is ${targetSessions.toFixed(0)} sessions/s.`,
    `With the stack keeping as much of the machine busy as the floor does (${floorCores.toFixed(2)} cores), that allows ${budget.toFixed(2)} ms of CPU per session for the whole stack.`,
    `The floor, the session's required work alone, uses ${stack(FLOOR).toFixed(2)} ms, which leaves ${left.toFixed(2)} ms per session for everything a gateway does beyond it.`,
    `The gateway uses ${(stack('gateway') - stack(FLOOR)).toFixed(2)} ms more than the floor.`,
    `Of that, its hop log (issue 3: every hop stored, batches allowed) costs ${hopLog},`,
    `and its conversation layer ${(stack('gateway') - stack(FIXED_SCREENS)).toFixed(2)} ms (the gateway's whole stack minus the fixed-screens row's).`,
  ].join(' ');
}

/** How the hot path works and where its time goes (from --cpu-prof under this load). */
const USSD_NOTES = readFileSync(path.join(__dirname, 'notes.md'), 'utf8').trim();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
