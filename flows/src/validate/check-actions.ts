import { z } from 'zod';
import { ACTION_CONTRACTS, findActionContract } from '../engine/action-contracts';
import type { FlowBundle } from '../engine/definition.schemas';
import type { Finding } from './finding';

/** Every action is one the gateway implements, called with exactly the inputs of its contract. */
export function checkActions(bundle: FlowBundle): Finding[] {
  const findings: Finding[] = [];
  for (const flow of bundle.flows.values()) {
    for (const [stepId, step] of Object.entries(flow.steps)) {
      if (step.type !== 'action') continue;
      const report = (message: string) =>
        findings.push({ severity: 'error', rule: 'unknown-action', where: flow.id, step: stepId, message });
      const contract = findActionContract(step.action);
      if (!contract) {
        report(`unknown action "${step.action}"; known: ${Object.keys(ACTION_CONTRACTS).join(', ')}`);
        continue;
      }
      const shape = contract.input.shape;
      const given = Object.keys(step.input ?? {});
      for (const key of given) if (!(key in shape)) report(`"${step.action}" takes no input "${key}"`);
      for (const [key, schema] of Object.entries(shape)) {
        if (!(schema instanceof z.ZodOptional) && !given.includes(key)) report(`"${step.action}" needs input "${key}"`);
      }
    }
  }
  return findings;
}
