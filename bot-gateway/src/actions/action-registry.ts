import type { ActionName } from '@medlink/flows/engine/action-contracts';
import type { FlowAction } from './action-context';
import { askDoctor } from './ask-doctor';
import { assessTriage } from './assess-triage';
import { book } from './book';
import { cancelAppointment } from './cancel-appointment';
import { findFacilities } from './find-facilities';
import { lastCompletedAppointment } from './last-completed-appointment';
import { listAreas } from './list-areas';
import { listSlots } from './list-slots';
import { myAppointments } from './my-appointments';
import { optIn } from './opt-in';
import { optOut } from './opt-out';
import { recommend } from './recommend';
import { recordConsent } from './record-consent';
import { requestErasure } from './request-erasure';
import { rescheduleAppointment } from './reschedule-appointment';
import { resolvePatient } from './resolve-patient';
import { setLanguage } from './set-language';
import { submitReview } from './submit-review';

/** The one list of flow actions: every name of flows' ACTION_CONTRACTS, each calling core-api. */
export const ACTIONS: { [Name in ActionName]: FlowAction<Name> } = {
  resolvePatient,
  recordConsent,
  setLanguage,
  assessTriage,
  recommend,
  listSlots,
  book,
  myAppointments,
  cancelAppointment,
  rescheduleAppointment,
  findFacilities,
  listAreas,
  askDoctor,
  lastCompletedAppointment,
  submitReview,
  optOut,
  optIn,
  requestErasure,
};
