/**
 * Flow engine and validator speed: `node --import tsx bench/flows/flows.bench.ts`. Pure CPU, no I/O in the
 * measured part; writes the "Flow engine" section of docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { loadFlowBundle, readDefinitionFiles } from '../../flows/src/engine/load-flow-bundle';
import { validateDefinitions } from '../../flows/src/validate/validate-definitions';
import { Conversation } from '../../flows/test/conversation';
import { EMERGENCY_AFTER_ONE_QUESTION, createUniverse } from '../../flows/test/mock-universe';
import { percentile as sortedPercentile } from '../lib/percentile';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

const JOURNEYS = 300;
const bundle = loadFlowBundle();
const inputs = ['', '1', '1', '1', '4', '1', '2', '1'];

const stepTimes: number[] = [];
const journeyStart = performance.now();
for (let run = 0; run < JOURNEYS; run += 1) {
  const conversation = new Conversation(bundle, 'ussd', createUniverse(EMERGENCY_AFTER_ONE_QUESTION));
  for (const input of inputs) {
    const started = performance.now();
    conversation.send(input);
    stepTimes.push(performance.now() - started);
  }
}
const journeyMs = performance.now() - journeyStart;

const validateTimes: number[] = [];
for (let run = 0; run < 10; run += 1) {
  const started = performance.now();
  validateDefinitions(readDefinitionFiles());
  validateTimes.push(performance.now() - started);
}

const percentile = (values: number[], p: number) =>
  sortedPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );
const ms = (value: number) => value.toFixed(2);
const section = [
  '## Flow engine',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/flows/flows.bench.ts\`: the pure engine in-process (no core-api: actions answered by the test universe), the shipped definitions, a 2-core machine shared with other work.`,
  '',
  '| operation | runs | per s | p50 ms | p95 ms | p99 ms |',
  '| --- | --- | --- | --- | --- | --- |',
  `| one patient input (engine steps + its action results + USSD pagination), 8-input emergency triage over USSD | ${stepTimes.length} | ${Math.round((stepTimes.length / journeyMs) * 1000)} | ${ms(percentile(stepTimes, 50))} | ${ms(percentile(stepTimes, 95))} | ${ms(percentile(stepTimes, 99))} |`,
  `| validate all 13 shipped flows (schema, graph, messages, USSD fit) | ${validateTimes.length} | ${Math.round(1000 / (validateTimes.reduce((a, b) => a + b, 0) / validateTimes.length))} | ${ms(percentile(validateTimes, 50))} | ${ms(percentile(validateTimes, 95))} | ${ms(percentile(validateTimes, 99))} |`,
  '',
].join('\n');

writeBenchmarkSection(section).then(
  () => console.log(section),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
