import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

export interface ManagedProcessOptions {
  name: string;
  /** Arguments after `node`, e.g. ['--import', 'tsx', 'core-api/src/main.ts']. */
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logDir: string;
  /** Answers 2xx once the process serves; polled after each (re)start. */
  healthUrl?: string;
  startTimeoutMs?: number;
}

/** A service instance as its own OS process: started, health-checked, killed with SIGKILL, started again. */
export class ManagedProcess {
  readonly name: string;
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;
  kills = 0;
  /** Set by stop(): the rig is closing, so nothing may start this instance again. */
  private isRetired = false;

  constructor(private readonly options: ManagedProcessOptions) {
    this.name = options.name;
    this.log = createWriteStream(path.join(options.logDir, `${options.name}.log`), { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.isRetired) throw new Error(`${this.name} was stopped with the rig`);
    const child = spawn(process.execPath, this.options.args, {
      cwd: this.options.cwd,
      env: toProcessEnv({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    if (this.options.healthUrl) await this.waitHealthy(this.options.healthUrl, this.options.startTimeoutMs ?? 90_000);
  }

  /** SIGKILL: no shutdown hook runs, in-flight requests and jobs are cut where they are. */
  async kill(): Promise<void> {
    if (!this.isRunning || !this.child?.pid) return;
    this.kills += 1;
    process.kill(this.child.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait (the orderly end of a run); SIGKILL if it does not exit in time. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.isRetired = true;
    if (!this.isRunning || !this.child?.pid) return;
    process.kill(this.child.pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exited.then(() => 'exited' as const), timer])) === 'timeout') await this.kill();
  }

  closeLog(): void {
    this.log.end();
  }

  private async waitHealthy(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.isRunning)
        throw new Error(
          `${this.name} exited during start (exit ${String(this.child?.exitCode)}); see ${this.name}.log`,
        );
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} did not answer ${url} within ${timeoutMs} ms`);
  }
}

/** Only the variables given (nothing leaks from the parent's environment); NODE_ENV defaults to production. */
function toProcessEnv(values: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
  return Object.assign(env, values);
}
