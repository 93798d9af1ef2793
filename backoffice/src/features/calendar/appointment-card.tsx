'use client';

import { useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { okSchema } from '../consultation/consultation.schemas';
import { slotsSchema, type Appointment } from './calendar.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** One appointment and the actions its status allows: confirm, decline (with a message), reschedule, complete, no-show. */
export function AppointmentCard({ appointment, onChanged }: { appointment: Appointment; onChanged: () => void }) {
  const { t, tr, formatDateTime, formatTime } = useI18n();
  const [mode, setMode] = useState<'idle' | 'decline' | 'reschedule'>('idle');
  const [reason, setReason] = useState('');
  const [slots, setSlots] = useState<{ startsAt: string }[] | null>(null);
  const [slot, setSlot] = useState('');
  const [error, setError] = useState('');
  const base = `/appointments/${appointment.id}`;
  const live = appointment.status === 'requested' || appointment.status === 'confirmed';

  async function act(path: string, body?: unknown) {
    try {
      await callApi(okSchema, `${base}/${path}`, { method: 'POST', body });
      setMode('idle');
      setError('');
      onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : t('error.generic'));
    }
  }

  async function openReschedule() {
    setMode('reschedule');
    const from = new Date();
    const to = new Date(from.getTime() + 14 * 86_400_000);
    const result = await callApi(
      slotsSchema,
      `/practitioners/${appointment.practitionerId}/slots?from=${from.toISOString()}&to=${to.toISOString()}&mode=${appointment.mode}`,
    ).catch(() => ({ slots: [] }));
    setSlots(result.slots);
    setSlot(result.slots[0]?.startsAt ?? '');
  }

  const idPrefix = `appt-${appointment.id}`;
  return (
    <li className="card appointment-card" data-appointment-id={appointment.id} data-status={appointment.status}>
      <p className="entry-meta">
        <strong>
          <time dateTime={appointment.startsAt}>{formatDateTime(appointment.startsAt)}</time> –{' '}
          <time dateTime={appointment.endsAt}>{formatTime(appointment.endsAt)}</time>
        </strong>{' '}
        <span className="badge">{tr(`calendar.status.${appointment.status}`, appointment.status)}</span>{' '}
        <span className="badge">{tr(`calendar.mode.${appointment.mode}`, appointment.mode)}</span>
      </p>
      {appointment.reason && <p>{appointment.reason}</p>}
      {live && (
        <div className="row">
          {appointment.status === 'requested' && (
            <>
              <button type="button" className="primary" onClick={() => void act('confirm')}>
                {t('calendar.confirm')}
              </button>
              <button type="button" onClick={() => setMode('decline')}>
                {t('calendar.decline')}
              </button>
            </>
          )}
          <button type="button" onClick={() => void openReschedule()}>
            {t('calendar.reschedule')}
          </button>
          {appointment.status === 'confirmed' && (
            <>
              <button type="button" onClick={() => void act('complete')}>
                {t('calendar.complete')}
              </button>
              <button type="button" onClick={() => void act('no-show')}>
                {t('calendar.noShow')}
              </button>
            </>
          )}
        </div>
      )}
      {mode === 'decline' && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void act('decline', { reason });
          }}
        >
          <label htmlFor={`${idPrefix}-reason`}>{t('calendar.declineReason')}</label>
          <textarea
            id={`${idPrefix}-reason`}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={2}
            maxLength={500}
            required
          />
          <button type="submit" disabled={reason.trim() === ''}>
            {t('calendar.decline')}
          </button>
        </form>
      )}
      {mode === 'reschedule' &&
        slots !== null &&
        (slots.length === 0 ? (
          <p>{t('calendar.noSlots')}</p>
        ) : (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              void act('reschedule', { startsAt: slot });
            }}
          >
            <div className="field">
              <label htmlFor={`${idPrefix}-slot`}>{t('calendar.newSlot')}</label>
              <select id={`${idPrefix}-slot`} value={slot} onChange={(event) => setSlot(event.target.value)}>
                {slots.slice(0, 60).map((option) => (
                  <option key={option.startsAt} value={option.startsAt}>
                    {formatDateTime(option.startsAt)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="primary">
              {t('calendar.reschedule')}
            </button>
          </form>
        ))}
      <ErrorAlert message={error} />
    </li>
  );
}
