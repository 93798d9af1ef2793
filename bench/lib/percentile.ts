/**
 * The value at `percent` (0-100) of latencies already sorted ascending: the sample at index
 * floor(percent / 100 * count), capped at the last one; 0 for no samples.
 */
export function percentile(sorted: readonly number[], percent: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((percent / 100) * sorted.length))] ?? 0;
}
