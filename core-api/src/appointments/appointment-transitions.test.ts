import {
  APPOINTMENT_STATUSES,
  decideTransition,
  type AppointmentAction,
  type AppointmentActor,
  type AppointmentStatus,
} from './appointment-transitions';

const startsAt = new Date('2026-12-02T10:00:00Z');
const before = new Date('2026-12-01T10:00:00Z');
const after = new Date('2026-12-02T10:05:00Z');

describe('decideTransition', () => {
  it.each<[AppointmentAction, AppointmentStatus, AppointmentActor, AppointmentStatus]>([
    ['confirm', 'requested', 'practitioner', 'confirmed'],
    ['decline', 'requested', 'admin', 'cancelled'],
    ['cancel', 'requested', 'patient', 'cancelled'],
    ['cancel', 'confirmed', 'practitioner', 'cancelled'],
    ['reschedule', 'confirmed', 'practitioner', 'confirmed'],
    ['reschedule', 'confirmed', 'patient', 'requested'],
    ['reschedule', 'requested', 'admin', 'requested'],
  ])('allows %s from %s by the %s, giving %s', (action, status, actor, to) => {
    expect(decideTransition(action, { status, startsAt }, actor, before)).toEqual({ allowed: true, to });
  });

  it.each<[AppointmentAction, AppointmentStatus]>([
    ['confirm', 'confirmed'],
    ['confirm', 'cancelled'],
    ['decline', 'confirmed'],
    ['cancel', 'completed'],
    ['cancel', 'no_show'],
    ['cancel', 'cancelled'],
    ['reschedule', 'completed'],
    ['complete', 'requested'],
    ['complete', 'cancelled'],
    ['no_show', 'completed'],
  ])('refuses %s from %s as an invalid state', (action, status) => {
    expect(decideTransition(action, { status, startsAt }, 'admin', after)).toEqual({
      allowed: false,
      reason: 'invalid_state',
    });
  });

  it('lets the patient cancel and reschedule only', () => {
    const actions = ['confirm', 'decline', 'cancel', 'reschedule', 'complete', 'no_show'] as const;
    const allowed = actions.filter(
      (action) => decideTransition(action, { status: 'confirmed', startsAt }, 'patient', after).allowed,
    );
    expect(allowed).toEqual(['cancel', 'reschedule']);
    expect(decideTransition('confirm', { status: 'requested', startsAt }, 'patient', after)).toEqual({
      allowed: false,
      reason: 'forbidden',
    });
  });

  it('refuses completion and no-show before the appointment starts, allows them after', () => {
    expect(decideTransition('complete', { status: 'confirmed', startsAt }, 'practitioner', before)).toEqual({
      allowed: false,
      reason: 'not_started',
    });
    expect(decideTransition('no_show', { status: 'confirmed', startsAt }, 'practitioner', after)).toEqual({
      allowed: true,
      to: 'no_show',
    });
  });

  it('leaves no terminal state with a way out', () => {
    for (const status of APPOINTMENT_STATUSES.filter(
      (s) => s === 'completed' || s === 'cancelled' || s === 'no_show',
    )) {
      for (const action of ['confirm', 'decline', 'cancel', 'reschedule', 'complete', 'no_show'] as const) {
        expect(decideTransition(action, { status, startsAt }, 'admin', after).allowed).toBe(false);
      }
    }
  });
});
