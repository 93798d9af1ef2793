import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { findingsVocabulary, findingsVocabularySchema } from './findings-vocabulary';

/** ../shared/triage/findings.json beside the repository, when the work tree has one. */
export const SHARED_FINDINGS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'triage',
  'findings.json',
);

/**
 * At start, compares the checked-in vocabulary with the shared one when it is present. The engine
 * always runs on the checked-in copy; a difference is reported so the copy gets updated, never fatal.
 */
export function checkSharedVocabulary(file: string = SHARED_FINDINGS_FILE): 'same' | 'absent' | 'different' {
  if (!existsSync(file)) return 'absent';
  const parsed = findingsVocabularySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success && isDeepStrictEqual(parsed.data, findingsVocabulary) ? 'same' : 'different';
}
