export const RULES = [
  'schema',
  'unknown-reference',
  'unreachable-step',
  'dead-end',
  'missing-translation',
  'unknown-placeholder',
  'unknown-action',
  'ussd-fit',
  'unused-message',
] as const;
export type Rule = (typeof RULES)[number];

/** One problem, named so that a clinician can find it: which flow (or file), which step, what is wrong. */
export interface Finding {
  severity: 'error' | 'warning';
  rule: Rule;
  /** A flow id, or a file such as `messages/fr.json` or `settings.json`. */
  where: string;
  step?: string;
  message: string;
}
