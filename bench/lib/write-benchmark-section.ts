import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BENCHMARKS_FILE = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');

/**
 * Puts `section` (markdown whose first line is its `## Title`) into docs/benchmarks.md: it replaces
 * the section with that title up to the next `## ` heading, or is appended when there is none.
 */
export async function writeBenchmarkSection(section: string, file = BENCHMARKS_FILE): Promise<void> {
  const heading = section.slice(0, section.indexOf('\n') + 1);
  if (!/^## .+\n$/.test(heading)) throw new Error(`a benchmark section starts with its "## " heading line`);
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  await writeFile(file, replaceSection(existing, heading, `${section.trimEnd()}\n`));
}

function replaceSection(document: string, heading: string, section: string): string {
  const start = `\n${document}`.indexOf(`\n${heading}`);
  if (start < 0) return `${document.trimEnd()}\n\n${section}`;
  const end = document.indexOf('\n## ', start + heading.length - 1);
  return `${document.slice(0, start)}${section}${end < 0 ? '' : `\n${document.slice(end + 1)}`}`;
}
