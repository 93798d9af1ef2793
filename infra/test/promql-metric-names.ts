import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads (functions, label matchers, grouping labels and numbers excluded). */
export function findMetricNamesInPromQl(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const after = stripped.slice((match.index ?? 0) + word.length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

export interface ExportedMetrics {
  /** Names as Prometheus serves them: counters as named, histograms with _bucket/_sum/_count. */
  names: Set<string>;
  /** Whether some service calls prom-client's collectDefaultMetrics (process_* and nodejs_* series). */
  hasDefaultMetrics: boolean;
}

/** Reads every prom-client metric the services declare (`new Counter({ name: '...' })` and friends). */
export function findExportedMetricNames(sourceDirs: string[]): ExportedMetrics {
  const names = new Set<string>();
  let hasDefaultMetrics = false;
  for (const file of sourceDirs.flatMap(listSourceFiles)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('collectDefaultMetrics(')) hasDefaultMetrics = true;
    for (const match of text.matchAll(
      /new (Counter|Gauge|Histogram|Summary)\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g,
    )) {
      const [, kind, name] = match;
      if (!name) continue;
      names.add(name);
      if (kind === 'Histogram' || kind === 'Summary')
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    }
  }
  return { names, hasDefaultMetrics };
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' ? [] : listSourceFiles(full);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.test.ts') ? [full] : [];
  });
}
