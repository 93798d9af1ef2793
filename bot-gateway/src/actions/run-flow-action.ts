import type { ActionName } from '@medlink/flows/engine/action-contracts';
import { ACTION_CONTRACTS } from '@medlink/flows/engine/action-contracts';
import type { ActionContext } from './action-context';
import { ACTIONS } from './action-registry';

/** Parses the engine's input with the action's contract, then runs the action; its output is parsed by the engine. */
export async function runFlowAction(name: ActionName, input: unknown, context: ActionContext): Promise<unknown> {
  switch (name) {
    case 'resolvePatient':
      return ACTIONS.resolvePatient(ACTION_CONTRACTS.resolvePatient.input.parse(input), context);
    case 'recordConsent':
      return ACTIONS.recordConsent(ACTION_CONTRACTS.recordConsent.input.parse(input), context);
    case 'setLanguage':
      return ACTIONS.setLanguage(ACTION_CONTRACTS.setLanguage.input.parse(input), context);
    case 'assessTriage':
      return ACTIONS.assessTriage(ACTION_CONTRACTS.assessTriage.input.parse(input), context);
    case 'recommend':
      return ACTIONS.recommend(ACTION_CONTRACTS.recommend.input.parse(input), context);
    case 'listSlots':
      return ACTIONS.listSlots(ACTION_CONTRACTS.listSlots.input.parse(input), context);
    case 'book':
      return ACTIONS.book(ACTION_CONTRACTS.book.input.parse(input), context);
    case 'myAppointments':
      return ACTIONS.myAppointments(ACTION_CONTRACTS.myAppointments.input.parse(input), context);
    case 'cancelAppointment':
      return ACTIONS.cancelAppointment(ACTION_CONTRACTS.cancelAppointment.input.parse(input), context);
    case 'rescheduleAppointment':
      return ACTIONS.rescheduleAppointment(ACTION_CONTRACTS.rescheduleAppointment.input.parse(input), context);
    case 'findFacilities':
      return ACTIONS.findFacilities(ACTION_CONTRACTS.findFacilities.input.parse(input), context);
    case 'listAreas':
      return ACTIONS.listAreas(ACTION_CONTRACTS.listAreas.input.parse(input), context);
    case 'askDoctor':
      return ACTIONS.askDoctor(ACTION_CONTRACTS.askDoctor.input.parse(input), context);
    case 'lastCompletedAppointment':
      return ACTIONS.lastCompletedAppointment(ACTION_CONTRACTS.lastCompletedAppointment.input.parse(input), context);
    case 'submitReview':
      return ACTIONS.submitReview(ACTION_CONTRACTS.submitReview.input.parse(input), context);
    case 'optOut':
      return ACTIONS.optOut(ACTION_CONTRACTS.optOut.input.parse(input), context);
    case 'optIn':
      return ACTIONS.optIn(ACTION_CONTRACTS.optIn.input.parse(input), context);
    case 'requestErasure':
      return ACTIONS.requestErasure(ACTION_CONTRACTS.requestErasure.input.parse(input), context);
  }
}
