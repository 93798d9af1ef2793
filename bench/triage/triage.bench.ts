import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestCoreApi } from '../../core-api/test/harness';
import { assessTriage } from '../../core-api/src/triage/assess-triage';
import { readComplaint } from '../../core-api/src/triage/free-text/read-complaint';
import { evaluateTriageCases } from './triage-evaluation';

/**
 * Triage hot paths: the pure engine, the free-text reader and POST /triage/assess over HTTP, plus the
 * test-set figures. Short: the machine is shared.
 * Run: node --import tsx bench/triage/triage.bench.ts
 */
const BENCHMARKS_FILE = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const SECTION = 'Triage';
const TEXTS = [
  'mon bébé ne tète plus et il a chaud',
  'fever and cough for 3 weeks, losing weight',
  'bb vomi tt depuis 2 jours',
  'douleur poitrine qui va dans le bras gauche',
];

async function main(): Promise<void> {
  const rows = [
    await measure('assessTriage, answers only (in-process)', 5000, 1, async (i) => {
      assessTriage({
        ageYears: 30 + (i % 40),
        sex: 'female',
        findings: { chest_pain: true, unresponsive: false },
        lang: 'fr',
      });
      return { status: 200 };
    }),
    await measure('readComplaint, a new text each time (in-process)', 2000, 1, async (i) => {
      readComplaint(`${TEXTS[i % TEXTS.length] ?? ''} ${i}`, i % 2 ? 'fr' : 'en');
      return { status: 200 };
    }),
  ];
  const api = await startTestCoreApi({ TRIAGE_RATE_LIMIT_PER_MIN: '100000' });
  try {
    const gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    rows.push(
      await measure('POST /triage/assess with complaint text (public)', 400, 10, (i) =>
        api.call('POST', '/api/v1/triage/assess', {
          body: { ageYears: 2, sex: 'male', complaintText: TEXTS[i % TEXTS.length], findings: {}, lang: 'fr' },
        }),
      ),
      await measure('POST /triage/assess, final emergency (gateway)', 400, 10, () =>
        api.call('POST', '/api/v1/triage/assess', {
          token: gateway,
          body: { ageYears: 30, sex: 'male', findings: { convulsions: true }, lang: 'en' },
        }),
      ),
    );
  } finally {
    await api.close();
  }
  const evaluation = evaluateTriageCases();
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const figures = `Test set (${evaluation.total} cases, \`bench/triage/confusion-matrix.ts\`): emergency sensitivity ${percent(evaluation.emergencySensitivity)}, exact-level accuracy ${percent(evaluation.accuracy)}, over-triage ${percent(evaluation.overTriageRate)}, under-triage ${percent(evaluation.underTriageRate)}; see docs/triage.md.`;
  await writeSection(rows, figures);
  console.log([...rows, figures].join('\n'));
}

async function measure(
  name: string,
  total: number,
  concurrency: number,
  call: (i: number) => Promise<{ status: number }>,
): Promise<string> {
  const durations: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await call(i);
        durations.push(performance.now() - t0);
        if (res.status >= 300) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const pct = (p: number) =>
    (durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))] ?? 0).toFixed(2);
  return `| ${name} | ${total} | ${concurrency} | ${(total / seconds).toFixed(0)} | ${pct(50)} | ${pct(95)} | ${failures} |`;
}

async function writeSection(rows: string[], figures: string): Promise<void> {
  const existing = await readFile(BENCHMARKS_FILE, 'utf8').catch(() => '# Benchmarks\n');
  const body = [
    `## ${SECTION}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/triage/triage.bench.ts\`: engine in-process; core-api in-process on real PostgreSQL 15 on loopback; a 2-core machine shared with other work.`,
    '',
    '| operation | calls | concurrency | per s | p50 ms | p95 ms | non-2xx |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    figures,
    '',
  ].join('\n');
  const pattern = new RegExp(`## ${SECTION}\\n[\\s\\S]*?(?=\\n## |$)`);
  const updated = pattern.test(existing)
    ? existing.replace(pattern, body.trimEnd())
    : `${existing.trimEnd()}\n\n${body}`;
  await writeFile(BENCHMARKS_FILE, updated.endsWith('\n') ? updated : `${updated}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
