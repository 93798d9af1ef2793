import { readFile, writeFile } from 'node:fs/promises';

export const SECTION_TITLE = 'Scale-out, failure and surge';

/**
 * Replaces one `### block` inside the `## Scale-out, failure and surge` section of docs/benchmarks.md
 * (creating the section or the block when missing), leaving every other section as it was.
 */
export async function writeBenchmarkBlock(file: string, blockTitle: string, body: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const sectionHeading = `## ${SECTION_TITLE}`;
  const block = `### ${blockTitle}\n\n${body.trim()}\n`;
  const start = text.indexOf(`${sectionHeading}\n`);
  if (start < 0) {
    await writeFile(file, `${text.trimEnd()}\n\n${sectionHeading}\n\n${block}`);
    return;
  }
  const afterHeading = start + sectionHeading.length + 1;
  const nextSection = text.indexOf('\n## ', afterHeading);
  const sectionEnd = nextSection < 0 ? text.length : nextSection + 1;
  const section = text.slice(afterHeading, sectionEnd);
  const blockStart = section.indexOf(`### ${blockTitle}\n`);
  let updated: string;
  if (blockStart < 0) {
    updated = `${section.trimEnd()}\n\n${block}`;
  } else {
    const nextBlock = section.indexOf('\n### ', blockStart + 1);
    const blockEnd = nextBlock < 0 ? section.length : nextBlock + 1;
    updated = `${section.slice(0, blockStart)}${block}${nextBlock < 0 ? '' : '\n'}${section.slice(blockEnd)}`;
  }
  const rest = text.slice(sectionEnd);
  await writeFile(file, `${text.slice(0, afterHeading)}\n${updated.trim()}\n${rest ? `\n${rest}` : ''}`);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}
