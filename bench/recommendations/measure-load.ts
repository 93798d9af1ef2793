import type { Db } from '@medlink/platform/db';
import { measureClosedLoop } from '../lib/measure-closed-loop';
import { percentile } from '../lib/percentile';
import { readProcessTicks } from '../lib/process-cpu';

export interface LoadRow {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  /** CPU milliseconds per request spent by the core-api processes and by their PostgreSQL backends. */
  apiCpuMs: number;
  dbCpuMs: number;
  /** This load driver's own CPU per request (HTTP client), on the same 2 cores. */
  driverCpuMs: number;
}

/** Who to charge CPU time to: the core-api process ids, and the application_name its pool connects with. */
export interface CpuSubjects {
  apiPids: () => number[];
  db: Db;
  applicationName: string;
}

const CLOCK_TICKS_PER_SECOND = 100;
/**
 * Closed-loop load before measuring, not counted: V8 compiles the hot paths and collects what loading the
 * catalogues left behind, so the figures are core-api's steady state.
 */
export const WARM_UP_SECONDS = 2;

/**
 * Closed-loop load at `concurrency`, after a warm-up. CPU time is read from /proc (utime + stime)
 * of core-api and of its PostgreSQL backends, so a change shows up even when other work on the machine
 * makes latencies noisy.
 */
export async function measureLoad(
  label: string,
  options: { seconds: number; concurrency: number; cpu: CpuSubjects },
  request: (i: number) => Promise<{ status: number }>,
): Promise<LoadRow> {
  await measureClosedLoop({ seconds: WARM_UP_SECONDS, concurrency: options.concurrency }, request);
  const apiBefore = ticksOf(options.cpu.apiPids());
  const dbBefore = ticksOf(await backendPids(options.cpu));
  const driverBefore = process.cpuUsage();
  const result = await measureClosedLoop(
    { seconds: options.seconds, concurrency: options.concurrency, failed: (status) => status < 200 || status >= 300 },
    request,
  );
  const driver = process.cpuUsage(driverBefore);
  const apiAfter = ticksOf(options.cpu.apiPids());
  const dbAfter = ticksOf(await backendPids(options.cpu));
  const { latencies } = result;
  const at = (percent: number) => Math.round(percentile(latencies, percent) * 10) / 10;
  const perRequest = (ticks: number) =>
    Math.round(((ticks * 1000) / CLOCK_TICKS_PER_SECOND / Math.max(1, latencies.length)) * 100) / 100;
  return {
    label,
    requests: latencies.length,
    rps: Math.round(latencies.length / result.seconds),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    failures: result.failures,
    apiCpuMs: perRequest(spent(apiBefore, apiAfter)),
    dbCpuMs: perRequest(spent(dbBefore, dbAfter)),
    driverCpuMs: Math.round(((driver.user + driver.system) / 1000 / Math.max(1, latencies.length)) * 100) / 100,
  };
}

async function backendPids(cpu: CpuSubjects): Promise<number[]> {
  const result = await cpu.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
    cpu.applicationName,
  ]);
  return result.rows.map((row) => row.pid);
}

/** A process that appeared during the window counts from zero; one that ended is lost (pools keep theirs). */
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}

function ticksOf(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const read = readProcessTicks(pid);
    if (read) ticks.set(pid, read.ticks);
  }
  return ticks;
}
