import path from 'node:path';
import { DEFAULT_DEFINITIONS_DIR, readDefinitionFiles } from '../engine/load-flow-bundle';
import type { Finding } from './finding';
import { hasErrors, validateDefinitions } from './validate-definitions';

/** `node --import tsx flows/src/validate/cli.ts [definitions-dir]`: findings per flow; exit 1 on any error. */
const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DEFINITIONS_DIR;
const raw = readDefinitionFiles(dir);
const findings = validateDefinitions(raw);

const byPlace = new Map<string, Finding[]>();
for (const finding of findings) byPlace.set(finding.where, [...(byPlace.get(finding.where) ?? []), finding]);
const flowIds = raw.flows.map((flow) => path.basename(flow.file, '.json'));
for (const place of new Set([...flowIds, ...byPlace.keys()])) {
  const list = byPlace.get(place) ?? [];
  const errors = list.filter((finding) => finding.severity === 'error').length;
  console.log(
    `${place}: ${errors === 0 ? 'ok' : `${errors} error(s)`}${list.length > errors ? `, ${list.length - errors} warning(s)` : ''}`,
  );
  for (const finding of list) {
    console.log(
      `  ${finding.severity} [${finding.rule}]${finding.step ? ` step "${finding.step}"` : ''}: ${finding.message}`,
    );
  }
}
const errorCount = findings.filter((finding) => finding.severity === 'error').length;
console.log(
  `\n${raw.flows.length} flows checked in ${dir}: ${errorCount} error(s), ${findings.length - errorCount} warning(s)`,
);
process.exit(hasErrors(findings) ? 1 : 0);
