import { startTestCoreApi } from '../../core-api/test/harness';
import { assessTriage } from '../../core-api/src/triage/assess-triage';
import { readComplaint } from '../../core-api/src/triage/free-text/read-complaint';
import { measureOperation, OPERATION_COLUMNS } from '../lib/measure-operation';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';
import { evaluateTriageCases } from './triage-evaluation';

/**
 * Triage hot paths: the pure engine, the free-text reader and POST /triage/assess over HTTP, plus the
 * test-set figures. Short: the machine is shared.
 * Run: node --import tsx bench/triage/triage.bench.ts
 */
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

/** Rows of this section print latencies with two decimals. */
const measure: typeof measureOperation = (name, calls, concurrency, call) =>
  measureOperation(name, calls, concurrency, call, { latencyDigits: 2 });

async function writeSection(rows: string[], figures: string): Promise<void> {
  await writeBenchmarkSection(
    renderTableSection({
      title: SECTION,
      intro: [
        `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/triage/triage.bench.ts\`: engine in-process; core-api in-process on real PostgreSQL 15 on loopback; a 2-core machine shared with other work.`,
      ],
      columns: OPERATION_COLUMNS,
      rows,
      notes: [figures],
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
