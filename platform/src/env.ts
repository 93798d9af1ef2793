import { z } from 'zod';

/** Parses env once; a bad value stops start-up with every offending name listed. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** "true"/"1"/"yes" and "false"/"0"/"no"; anything else is an error, never truthy by accident. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const envInt = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** An optional URL: empty string counts as unset. */
export const envUrl = () =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(z.url().optional());

export const envString = () =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined));
