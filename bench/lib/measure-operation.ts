import { measureClosedLoop, type ClosedLoopResult } from './measure-closed-loop';
import { percentile } from './percentile';

/** The columns of the rows below. */
export const OPERATION_COLUMNS = ['operation', 'calls', 'concurrency', 'per s', 'p50 ms', 'p95 ms', 'non-2xx'];

/** How a row prints: latency decimals (default 1; may depend on the sorted latencies) and throughput decimals (default 0). */
export interface RowFormat {
  latencyDigits?: number | ((latencies: readonly number[]) => number);
  rateDigits?: number;
}

/** `calls` calls at `concurrency` in a closed loop, as one row under OPERATION_COLUMNS. */
export async function measureOperation(
  name: string,
  calls: number,
  concurrency: number,
  call: (index: number) => Promise<{ status: number }>,
  format: RowFormat = {},
): Promise<string> {
  return operationRow(name, await measureClosedLoop({ calls, concurrency }, call), format);
}

/** One row under OPERATION_COLUMNS; any response status >= 300 counts as non-2xx. */
export function operationRow(name: string, result: ClosedLoopResult, format: RowFormat = {}): string {
  const digits =
    typeof format.latencyDigits === 'function' ? format.latencyDigits(result.latencies) : (format.latencyDigits ?? 1);
  const latency = (percent: number) => percentile(result.latencies, percent).toFixed(digits);
  const perSecond = (result.calls / result.seconds).toFixed(format.rateDigits ?? 0);
  return `| ${name} | ${result.calls} | ${result.concurrency} | ${perSecond} | ${latency(50)} | ${latency(95)} | ${result.failures} |`;
}
