import { findActionContract } from './action-contracts';
import { applySetOp } from './apply-set-op';
import { emitAsk } from './ask-step';
import type { FlowBundle } from './definition.schemas';
import { evaluateCondition } from './evaluate-condition';
import type { Session, StepPointer } from './session.schemas';
import { hasConsented, say, scopeOf } from './turn';
import type { Turn } from './turn';
import { resolveExpression } from './variables';

/** Steps that run without waiting, per turn: a flow looping longer than this is broken, not busy. */
const MAX_STEPS_PER_TURN = 200;

/** Runs steps from `pointer` until the conversation waits for the patient or an action, or ends. */
export function runFrom(turn: Turn, pointer: StepPointer): void {
  const { bundle, session } = turn;
  let { flowId, stepId } = pointer;
  for (let count = 0; count < MAX_STEPS_PER_TURN; count += 1) {
    const flow = bundle.flows.get(flowId);
    const step = flow?.steps[stepId];
    if (!flow || !step) break;
    session.flowId = flowId;
    session.stepId = stepId;
    session.waiting = null;
    switch (step.type) {
      case 'say':
        say(turn, step.text);
        stepId = step.next;
        break;
      case 'ask':
        session.waiting = { kind: 'answer', attempts: 0 };
        emitAsk(turn, step);
        return;
      case 'action': {
        const contract = findActionContract(step.action);
        if (!contract) return failSafely(turn);
        if (contract.requiresConsent && !hasConsented(session)) {
          // Nothing clinical before consent, whatever path a flow or keyword took to get here.
          ({ flowId, stepId } = startOf(bundle, bundle.settings.entryFlow));
          break;
        }
        const input = contract.input.safeParse(resolveExpression(step.input ?? {}, scopeOf(turn)));
        if (!input.success) {
          stepId = step.onFailure;
          break;
        }
        const key = `${session.turn}:${flowId}:${stepId}`;
        session.waiting = { kind: 'action', name: step.action, key };
        turn.effects.push({ type: 'action', name: step.action, key, input: input.data });
        return;
      }
      case 'branch':
        stepId =
          step.cases.find((branchCase) => evaluateCondition(branchCase.when, scopeOf(turn)))?.next ?? step.otherwise;
        break;
      case 'set':
        for (const op of step.ops) applySetOp(op, session, scopeOf(turn));
        stepId = step.next;
        break;
      case 'goto':
        ({ flowId, stepId } = startOf(bundle, step.flow, step.step));
        break;
      case 'subflow':
        session.stack.push({ flowId, stepId: step.next });
        ({ flowId, stepId } = startOf(bundle, step.flow));
        break;
      case 'return': {
        const back = session.stack.pop() ?? startOf(bundle, bundle.settings.entryFlow);
        ({ flowId, stepId } = back);
        break;
      }
      case 'end':
        if (step.text) say(turn, step.text);
        return endConversation(turn);
    }
  }
  failSafely(turn);
}

export function startOf(bundle: FlowBundle, flowId: string, stepId?: string): StepPointer {
  return { flowId, stepId: stepId ?? bundle.flows.get(flowId)?.start ?? '' };
}

export function endConversation(turn: Turn): void {
  resetConversation(turn.session);
  turn.effects.push({ type: 'end' });
}

export function resetConversation(session: Session): void {
  session.flowId = null;
  session.stepId = null;
  session.stack = [];
  session.vars = {};
  session.history = [];
  session.waiting = null;
}

/** A broken definition must never leave a patient on a silent line: apologise and end cleanly. */
function failSafely(turn: Turn): void {
  say(turn, 'system.error');
  endConversation(turn);
}
