import type { FlowBundle, FlowDefinition } from '../engine/definition.schemas';
import type { Finding } from './finding';
import { isImmediate, localEdgesOf } from './flow-graph';

/** Unknown step and flow references, unreachable steps, dead ends and loops that never wait. */
export function checkStructure(bundle: FlowBundle): Finding[] {
  const findings: Finding[] = [];
  const entries = externalEntries(bundle, findings);
  for (const flow of bundle.flows.values()) {
    checkReferences(bundle, flow, findings);
    checkReachability(flow, entries.get(flow.id) ?? new Set(), findings);
    checkLoops(flow, findings);
  }
  return findings;
}

function checkReferences(bundle: FlowBundle, flow: FlowDefinition, findings: Finding[]): void {
  const error = (step: string | undefined, rule: Finding['rule'], message: string) =>
    findings.push({ severity: 'error', rule, where: flow.id, step, message });
  if (!flow.steps[flow.start]) error(undefined, 'unknown-reference', `start step "${flow.start}" does not exist`);
  for (const [stepId, step] of Object.entries(flow.steps)) {
    for (const edge of localEdgesOf(step)) {
      if (edge.to === undefined)
        error(stepId, 'dead-end', `${edge.via} leads nowhere: add "next" (or a target for it)`);
      else if (!flow.steps[edge.to])
        error(stepId, 'unknown-reference', `${edge.via} goes to unknown step "${edge.to}"`);
    }
    if (step.type === 'goto' || step.type === 'subflow') {
      const target = bundle.flows.get(step.flow);
      if (!target) error(stepId, 'unknown-reference', `unknown flow "${step.flow}"`);
      else if (step.type === 'goto' && step.step && !target.steps[step.step]) {
        error(stepId, 'unknown-reference', `flow "${step.flow}" has no step "${step.step}"`);
      }
    }
  }
}

/** Steps other flows and keywords jump into directly, besides each flow's start. */
function externalEntries(bundle: FlowBundle, findings: Finding[]): Map<string, Set<string>> {
  const entries = new Map<string, Set<string>>();
  const add = (flowId: string, stepId: string | undefined) => {
    if (stepId) entries.set(flowId, (entries.get(flowId) ?? new Set()).add(stepId));
  };
  for (const flow of bundle.flows.values()) {
    for (const step of Object.values(flow.steps)) if (step.type === 'goto') add(step.flow, step.step);
  }
  const { settings } = bundle;
  const named = [settings.entryFlow, settings.menuFlow, settings.optedOutUssdFlow].map((flow) => ({
    flow,
    step: undefined,
    what: 'settings',
  }));
  const keywords = settings.keywords.map((keyword) => ({
    flow: keyword.flow,
    step: keyword.step,
    what: `keyword ${keyword.words[0]}`,
  }));
  for (const { flow, step, what } of [...named, ...keywords]) {
    const target = bundle.flows.get(flow);
    if (!target)
      findings.push({
        severity: 'error',
        rule: 'unknown-reference',
        where: 'settings.json',
        message: `${what} names unknown flow "${flow}"`,
      });
    else if (step && !target.steps[step]) {
      findings.push({
        severity: 'error',
        rule: 'unknown-reference',
        where: 'settings.json',
        message: `${what} names unknown step "${flow}.${step}"`,
      });
    }
    add(flow, step);
  }
  return entries;
}

function checkReachability(flow: FlowDefinition, entries: Set<string>, findings: Finding[]): void {
  const seen = new Set<string>();
  const queue = [flow.start, ...entries];
  while (queue.length > 0) {
    const stepId = queue.pop();
    if (stepId === undefined || seen.has(stepId)) continue;
    const step = flow.steps[stepId];
    if (!step) continue;
    seen.add(stepId);
    for (const edge of localEdgesOf(step)) if (edge.to !== undefined) queue.push(edge.to);
  }
  for (const stepId of Object.keys(flow.steps)) {
    if (!seen.has(stepId))
      findings.push({
        severity: 'error',
        rule: 'unreachable-step',
        where: flow.id,
        step: stepId,
        message: 'no path from the start or any entry leads here',
      });
  }
}

/** A cycle of says, branches and sets never waits for anyone: the patient would be flooded or stuck. */
function checkLoops(flow: FlowDefinition, findings: Finding[]): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stepId: string, path: string[]): void => {
    const step = flow.steps[stepId];
    if (!step || !isImmediate(step) || state.get(stepId) === 'done') return;
    if (state.get(stepId) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(stepId)), stepId].join(' -> ');
      findings.push({
        severity: 'error',
        rule: 'dead-end',
        where: flow.id,
        step: stepId,
        message: `loop with no question or action: ${cycle}`,
      });
      return;
    }
    state.set(stepId, 'visiting');
    for (const edge of localEdgesOf(step)) if (edge.to !== undefined) visit(edge.to, [...path, stepId]);
    state.set(stepId, 'done');
  };
  for (const stepId of Object.keys(flow.steps)) visit(stepId, []);
}
