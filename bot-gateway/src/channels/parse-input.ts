import type { z } from 'zod';

/** Bad provider input: answered 400 with this text, which names the field or value. */
export class WebhookInputError extends Error {
  override readonly name = 'WebhookInputError';
}

/** zod-parses outside data and turns the first issue into a short reason ("missing From"). */
export function parseInput<Schema extends z.ZodType>(schema: Schema, data: unknown): z.infer<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new WebhookInputError('invalid payload');
  const field = issue.path.map(String).join('.') || 'payload';
  if (valueAt(data, issue.path) === undefined) throw new WebhookInputError(`missing ${field}`);
  throw new WebhookInputError(`invalid ${field}: ${issue.message}`);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

/** A form body (application/x-www-form-urlencoded) as a flat record; a repeated key keeps its first value. */
export function parseForm(rawBody: Buffer): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    if (!(key in form)) form[key] = value;
  }
  return form;
}

/** "+254 711-000 111", "254711000111" → "+254711000111"; undefined when it is not a phone number. */
export function toE164(value: string): string | undefined {
  const digits = value.replace(/[\s().-]/g, '');
  const match = /^\+?(\d{6,15})$/.exec(digits);
  return match ? `+${match[1]}` : undefined;
}

/** A status word outside the channel's table is reported, not guessed. */
export function lookupStatus<Status extends string>(table: Record<string, Status>, providerStatus: string): Status {
  const status = Object.hasOwn(table, providerStatus) ? table[providerStatus] : undefined;
  if (status === undefined) throw new WebhookInputError(`unknown status '${providerStatus}'`);
  return status;
}
