#!/usr/bin/env node
// `npm test`: typecheck, flow validation, then every jest test (real PostgreSQL and Redis), then the
// browser tests when a Chromium is installed. Ends with one plain "N passed, N failed" line for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const extraArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args, env = {}) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function step(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else failed += 1;
}

function jest(label, configArgs) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'medlink-jest-')), 'result.json');
  const ok = run(
    label,
    process.execPath,
    ['node_modules/jest/bin/jest.js', '--ci', '--json', `--outputFile=${out}`, ...configArgs, ...extraArgs],
    { TZ: 'UTC' },
  );
  if (existsSync(out)) {
    const result = JSON.parse(readFileSync(out, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
    skipped += result.numPendingTests + result.numTodoTests;
  } else if (!ok) {
    failed += 1;
  }
}

if (extraArgs.length === 0) {
  step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  step('typecheck back-office tests', process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'backoffice/test/tsconfig.json',
  ]);
  step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  step('format', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']);
  if (existsSync(path.join(root, 'flows/src/validate/cli.ts'))) {
    step('flow validator', process.execPath, ['--import', 'tsx', 'flows/src/validate/cli.ts']);
  }
}
jest('jest', []);
if (existsSync(path.join(root, 'jest.browser.config.js')) && extraArgs.length === 0) {
  jest('browser tests', ['--config', 'jest.browser.config.js', '--runInBand']);
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
