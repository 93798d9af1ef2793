/*
 * Limits and vocabulary codes are written into the text, not bound, so prepared statements get good generic
 * plans: with a bound LIMIT the planner prices the generic plan as if 10% of the table were read (and plans
 * every execution again), and with a bound service it guesses "1% of facilities offer it" where half do,
 * and would pick a bitmap scan of every such facility over the KNN walk of the nearest few.
 */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

/** A text[] literal of vocabulary codes (lower-case letters and _ only, so nothing needs quoting). */
export function sqlCodeArray(codes: readonly string[]): string {
  return `'{${codes.map(checkedCode).join(',')}}'::text[]`;
}

export function sqlCode(code: string): string {
  return `'${checkedCode(code)}'`;
}

function checkedCode(code: string): string {
  if (!/^[a-z][a-z_]{0,40}$/.test(code)) throw new Error(`not a vocabulary code: ${code}`);
  return code;
}
