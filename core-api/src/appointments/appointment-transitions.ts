export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type AppointmentAction = 'confirm' | 'decline' | 'cancel' | 'reschedule' | 'complete' | 'no_show';
/** The patient acts through the bot-gateway's credential. */
export type AppointmentActor = 'patient' | 'practitioner' | 'admin';

interface Transition {
  from: readonly AppointmentStatus[];
  to: AppointmentStatus | 'unchanged';
  by: readonly AppointmentActor[];
  /** Completion and no-show describe what happened, so they wait for the appointment to start. */
  onlyAfterStart?: boolean;
}

/** The lifecycle: requested -> confirmed -> completed | no_show, and cancelled from either live state. */
export const TRANSITIONS: Record<AppointmentAction, Transition> = {
  confirm: { from: ['requested'], to: 'confirmed', by: ['practitioner', 'admin'] },
  decline: { from: ['requested'], to: 'cancelled', by: ['practitioner', 'admin'] },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', by: ['patient', 'practitioner', 'admin'] },
  reschedule: { from: ['requested', 'confirmed'], to: 'unchanged', by: ['patient', 'practitioner', 'admin'] },
  complete: { from: ['confirmed'], to: 'completed', by: ['practitioner', 'admin'], onlyAfterStart: true },
  no_show: { from: ['confirmed'], to: 'no_show', by: ['practitioner', 'admin'], onlyAfterStart: true },
};

export type TransitionDecision =
  { allowed: true; to: AppointmentStatus } | { allowed: false; reason: 'forbidden' | 'invalid_state' | 'not_started' };

export function decideTransition(
  action: AppointmentAction,
  appointment: { status: AppointmentStatus; startsAt: Date },
  actor: AppointmentActor,
  now: Date,
): TransitionDecision {
  const transition = TRANSITIONS[action];
  if (!transition.by.includes(actor)) return { allowed: false, reason: 'forbidden' };
  if (!transition.from.includes(appointment.status)) return { allowed: false, reason: 'invalid_state' };
  if (transition.onlyAfterStart && now.getTime() < appointment.startsAt.getTime())
    return { allowed: false, reason: 'not_started' };
  if (transition.to !== 'unchanged') return { allowed: true, to: transition.to };
  // A patient's move needs the practitioner's confirmation again; a practitioner's or admin's does not.
  return { allowed: true, to: action === 'reschedule' && actor === 'patient' ? 'requested' : appointment.status };
}

export const isLiveStatus = (status: AppointmentStatus) => status === 'requested' || status === 'confirmed';
