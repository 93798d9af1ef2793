/**
 * A docs/benchmarks.md section: its `## title`, the paragraphs saying how it was measured, a table,
 * then any closing paragraphs, each separated by a blank line.
 */
export function renderTableSection(input: {
  title: string;
  intro: string[];
  columns: string[];
  rows: string[];
  notes?: string[];
}): string {
  const table = [
    `| ${input.columns.join(' | ')} |`,
    `| ${input.columns.map(() => '---').join(' | ')} |`,
    ...input.rows,
  ].join('\n');
  return [`## ${input.title}`, ...input.intro, table, ...(input.notes ?? [])].join('\n\n') + '\n';
}
