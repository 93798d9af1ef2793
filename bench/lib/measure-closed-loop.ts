/** What a closed-loop run measured. */
export interface ClosedLoopResult {
  /** Calls made. */
  calls: number;
  concurrency: number;
  /** One latency per response, in ms, sorted ascending. */
  latencies: number[];
  failures: number;
  /** Wall-clock time of the whole run. */
  seconds: number;
}

type Outcome = { status: number };

/**
 * Closed-loop load: `concurrency` workers each start the next call as soon as their previous one
 * answers, until `calls` calls were started or, with `seconds`, until that much time has passed.
 * A call may return several responses (a multi-hop session): each gets an equal share of its time.
 */
export async function measureClosedLoop(
  options: { concurrency: number; failed?: (status: number) => boolean } & ({ calls: number } | { seconds: number }),
  call: (index: number) => Promise<Outcome | readonly Outcome[]>,
): Promise<ClosedLoopResult> {
  const failed = options.failed ?? ((status: number) => status >= 300);
  const deadline = 'seconds' in options ? performance.now() + options.seconds * 1000 : Infinity;
  const limit = 'calls' in options ? options.calls : Infinity;
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < limit && performance.now() < deadline) {
        const index = next;
        next += 1;
        const begin = performance.now();
        const outcome = await call(index);
        const responses = Array.isArray(outcome) ? outcome : [outcome];
        const elapsed = (performance.now() - begin) / responses.length;
        for (const response of responses) {
          latencies.push(elapsed);
          if (failed(response.status)) failures += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { calls: next, concurrency: options.concurrency, latencies, failures, seconds };
}
