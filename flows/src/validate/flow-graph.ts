import type { Step } from '../engine/definition.schemas';

export interface Edge {
  /** undefined: this way out of the step leads nowhere (a dead end). */
  to: string | undefined;
  via: string;
}

/** Ways out of a step inside its own flow. */
export function localEdgesOf(step: Step): Edge[] {
  switch (step.type) {
    case 'say':
    case 'set':
      return [{ to: step.next, via: 'next' }];
    case 'subflow':
      return [{ to: step.next, via: 'next (after the subflow returns)' }];
    case 'action':
      return [
        { to: step.next, via: 'next' },
        { to: step.onFailure, via: 'onFailure' },
      ];
    case 'branch':
      return [
        ...step.cases.map((branchCase, index) => ({ to: branchCase.next, via: `case ${index + 1}` })),
        { to: step.otherwise, via: 'otherwise' },
      ];
    case 'ask':
      return askEdges(step);
    case 'goto':
    case 'return':
    case 'end':
      return [];
  }
}

function askEdges(step: Extract<Step, { type: 'ask' }>): Edge[] {
  const input = step.input;
  if (input.kind === 'yesno') {
    return [
      { to: input.yes ?? step.next, via: 'answer yes' },
      { to: input.no ?? step.next, via: 'answer no' },
    ];
  }
  if (input.kind === 'choice') {
    const edges = (input.options ?? []).map((option) => ({
      to: option.next ?? step.next,
      via: `option "${option.id}"`,
    }));
    return input.from ? [{ to: step.next, via: `a choice from ${input.from}` }, ...edges] : edges;
  }
  return [{ to: step.next, via: 'the answer' }];
}

/** Steps that hand control on without waiting for the patient or core-api. */
export function isImmediate(step: Step): boolean {
  return step.type !== 'ask' && step.type !== 'action';
}
