/**
 * Exponential backoff with full jitter (a random delay between 0 and base * 2^(attempt-1), capped): retries of
 * many messages after one outage spread out instead of arriving together.
 */
export function computeBackoff(options: { attempt: number; baseMs: number; maxMs: number; random: number }): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, options.attempt - 1));
  return Math.floor(options.random * ceiling);
}
