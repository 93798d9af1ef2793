import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { LEVELS } from '../../core-api/src/triage/protocol/findings-vocabulary';
import { triageProtocol } from '../../core-api/src/triage/protocol/triage-protocol';
import { evaluateTriageCases, type TriageEvaluation } from './triage-evaluation';

/**
 * Prints the triage confusion matrix over core-api/test/triage/cases.json.
 * `--write` also replaces the results section of docs/triage.md.
 */
async function main(): Promise<void> {
  const evaluation = evaluateTriageCases();
  const report = renderReport(evaluation);
  console.log(report);
  if (process.argv.includes('--write')) await writeSection(report);
  const isPassing = evaluation.emergencySensitivity === 1 && evaluation.accuracy >= 0.85;
  process.exitCode = isPassing ? 0 : 1;
}

export function renderReport(evaluation: TriageEvaluation): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const header = `| expected \\ engine | ${LEVELS.join(' | ')} |`;
  const rule = `| --- | ${LEVELS.map(() => '---:').join(' | ')} |`;
  const rows = LEVELS.map(
    (expected) => `| ${expected} | ${LEVELS.map((actual) => evaluation.matrix[expected][actual]).join(' | ')} |`,
  );
  const mismatches = evaluation.mismatches.map(
    (mismatch) =>
      `- ${mismatch.id}: expected ${mismatch.expected}${mismatch.expectedSpecialty ? ` (${mismatch.expectedSpecialty})` : ''}, engine ${mismatch.actual} (${mismatch.actualSpecialty})`,
  );
  return [
    `Protocol ${triageProtocol.protocolVersion}, ${evaluation.total} cases (conversation played until the level is final).`,
    '',
    header,
    rule,
    ...rows,
    '',
    `- emergency sensitivity: ${percent(evaluation.emergencySensitivity)} (required 100 %)`,
    `- exact-level accuracy: ${percent(evaluation.accuracy)} (required >= 85 %)`,
    `- over-triage: ${percent(evaluation.overTriageRate)}; under-triage: ${percent(evaluation.underTriageRate)}`,
    `- specialty agreement (cases that state one): ${percent(evaluation.specialtyAccuracy)}`,
    `- questions asked per case: ${evaluation.meanQuestions.toFixed(1)} on average`,
    `- free text: ${evaluation.textReadings} findings read, ${percent(evaluation.textPrecision)} of them true for the case (the others cost one confirmation question each)`,
    ...(mismatches.length ? ['', 'Disagreements:', ...mismatches] : []),
  ].join('\n');
}

async function writeSection(report: string): Promise<void> {
  const file = path.join(__dirname, '..', '..', 'docs', 'triage.md');
  const start = '<!-- triage-results:start -->';
  const end = '<!-- triage-results:end -->';
  const text = await readFile(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error('docs/triage.md has no results markers');
  const updated = `${text.slice(0, from + start.length)}\n${report}\n${text.slice(to)}`;
  await writeFile(file, await format(updated, { ...(await resolveConfig(file)), parser: 'markdown' }));
}

if (require.main === module) void main();
