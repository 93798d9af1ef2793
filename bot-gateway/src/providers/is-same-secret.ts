import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time equality for secrets of any length (both sides hashed to a fixed size first). */
export function isSameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'medlink-compare').update(given).digest();
  const b = createHmac('sha256', 'medlink-compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
