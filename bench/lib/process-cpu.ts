import { readdirSync, readFileSync } from 'node:fs';

/** /proc counts CPU time in clock ticks of USER_HZ, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

interface ProcessTicks {
  command: string;
  parentPid: number;
  /** user + system time of the process itself */
  ticks: number;
  /** user + system time of its children that exited and were waited for */
  reapedChildTicks: number;
}

/** One process's line of /proc/<pid>/stat, or undefined when it has gone. */
export function readProcessTicks(pid: number): ProcessTicks | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command sits in parentheses and may hold spaces; the numbered fields follow it (fields[0] is field 3).
  const commandEnd = stat.lastIndexOf(')');
  const fields = stat.slice(commandEnd + 2).split(' ');
  return {
    command: stat.slice(stat.indexOf('(') + 1, commandEnd),
    parentPid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
    reapedChildTicks: Number(fields[13]) + Number(fields[14]),
  };
}

/** CPU seconds (user + system) a process has used so far; 0 when it has gone. */
export function cpuSecondsOfProcess(pid: number | undefined): number {
  const ticks = pid === undefined ? undefined : readProcessTicks(pid);
  return ticks ? ticks.ticks / TICKS_PER_SECOND : 0;
}

/**
 * CPU seconds used so far by every local process named `command` (PostgreSQL's postmaster and all its
 * backends, Redis), backends that already exited included: their time moved to their parent's count of
 * reaped children. undefined when none runs on this machine (a remote database).
 */
export function cpuSecondsOfCommand(command: string): number | undefined {
  const processes = new Map<number, ProcessTicks>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ticks = readProcessTicks(Number(entry));
    if (ticks?.command === command) processes.set(Number(entry), ticks);
  }
  if (processes.size === 0) return undefined;
  let total = 0;
  for (const ticks of processes.values())
    total += ticks.ticks + (processes.has(ticks.parentPid) ? 0 : ticks.reapedChildTicks);
  return total / TICKS_PER_SECOND;
}
