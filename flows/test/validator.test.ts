import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { readDefinitionFiles } from '../src/engine/load-flow-bundle';
import type { RawDefinitions } from '../src/engine/load-flow-bundle';
import { validateDefinitions } from '../src/validate/validate-definitions';

const FIXTURES = path.join(__dirname, 'fixtures/validator');
const fixtureSchema = z.object({
  flows: z.array(z.object({ id: z.string() }).passthrough()),
  messages: z.record(z.string(), z.unknown()),
  settings: z.unknown(),
});

function loadFixture(name: string): RawDefinitions {
  const fixture = fixtureSchema.parse(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')));
  return {
    flows: fixture.flows.map((flow) => ({ file: `${flow.id}.json`, data: flow })),
    messages: Object.entries(fixture.messages).map(([lang, data]) => ({ lang, file: `messages/${lang}.json`, data })),
    settings: { file: 'settings.json', data: fixture.settings },
  };
}

function writeDefinitionsDir(raw: RawDefinitions): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'medlink-flows-'));
  mkdirSync(path.join(dir, 'messages'));
  for (const { file, data } of [...raw.flows, ...raw.messages, raw.settings])
    writeFileSync(path.join(dir, file), JSON.stringify(data));
  return dir;
}

describe('flow validator', () => {
  test('the shipped definitions have no errors and no warnings', () => {
    expect(validateDefinitions(readDefinitionFiles())).toEqual([]);
  });

  test('a correct fixture has no findings', () => {
    expect(validateDefinitions(loadFixture('valid'))).toEqual([]);
  });

  test.each([
    ['schema', 'schema', 'steps.bye'],
    ['unknown-reference', 'unknown-reference', 'unknown step "nowhere"'],
    ['unreachable-step', 'unreachable-step', 'no path from the start'],
    ['dead-end', 'dead-end', 'answer no leads nowhere'],
    ['dead-end-loop', 'dead-end', 'loop with no question or action'],
    ['missing-translation', 'missing-translation', '"demo.bye" has no fr text'],
    ['unknown-placeholder', 'unknown-placeholder', '"patient" has no field "emergencyNumbr"'],
    ['unknown-action', 'unknown-action', 'unknown action "resolvePatients"'],
    ['ussd-fit', 'ussd-fit', 'cannot fit a 182-character screen'],
  ])('the %s fixture is reported under rule %s', (fixture, rule, message) => {
    const findings = validateDefinitions(loadFixture(fixture));
    expect(findings).toContainEqual(
      expect.objectContaining({ severity: 'error', rule, message: expect.stringContaining(message) }),
    );
  });

  test('a placeholder used in one language only is reported for the language that lacks it', () => {
    const findings = validateDefinitions(loadFixture('unknown-placeholder'));
    expect(findings).toContainEqual(
      expect.objectContaining({
        where: 'messages/fr.json',
        message: expect.stringContaining('{patient.emergencyNumbr}'),
      }),
    );
  });

  test('the CLI exits 1 and prints the finding per flow on a broken definitions folder', () => {
    const cli = path.join(__dirname, '../src/validate/cli.ts');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
        encoding: 'utf8',
        cwd: path.join(__dirname, '../..'),
      });
    const broken = run([writeDefinitionsDir(loadFixture('unknown-action'))]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('start: 1 error(s)');
    expect(broken.stdout).toContain('error [unknown-action] step "lookup": unknown action "resolvePatients"');
  });
});
