/** Nearest-rank percentiles of a latency sample, in ms with one decimal. */
export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

export interface ResultRow {
  measurement: string;
  events: number;
  expected: number;
  received: number;
  duplicates: number;
  latency: LatencyStats;
}

export function tableRow(row: ResultRow): string {
  const { latency } = row;
  return `| ${row.measurement} | ${row.events} | ${row.expected} | ${row.received} | ${row.duplicates} | ${latency.p50} | ${latency.p95} | ${latency.p99} | ${latency.max} |`;
}
