import { parseDefinitions } from '../engine/load-flow-bundle';
import type { RawDefinitions } from '../engine/load-flow-bundle';
import { checkActions } from './check-actions';
import { checkMessages } from './check-messages';
import { checkStructure } from './check-structure';
import { checkUssdFit } from './check-ussd-fit';
import type { Finding } from './finding';

/** Every rule over a definitions folder; schema errors stop the deeper rules, which need parsed flows. */
export function validateDefinitions(raw: RawDefinitions): Finding[] {
  const { bundle, issues } = parseDefinitions(raw);
  const schemaFindings: Finding[] = issues.map((issue) => ({
    severity: 'error',
    rule: 'schema',
    where: issue.file,
    message: `${issue.path}: ${issue.message}`,
  }));
  if (!bundle) return schemaFindings;
  return [
    ...schemaFindings,
    ...checkStructure(bundle),
    ...checkActions(bundle),
    ...checkMessages(bundle),
    ...checkUssdFit(bundle),
  ];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
