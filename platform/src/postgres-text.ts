/**
 * PostgreSQL's text and jsonb cannot hold U+0000. No handset sends one, but a crafted webhook can, and a row
 * the database refuses must not fail the batch it is in (or, for a log written behind the answers, block it).
 */
export const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '') : text);

/** JSON.stringify for a jsonb parameter: every string in it without U+0000. */
export function toJsonbText(value: unknown): string {
  const json = JSON.stringify(value);
  // U+0000 is written as the escape \u0000; without one (nearly always) the plain text is the answer.
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? withoutNul(item) : item));
}
