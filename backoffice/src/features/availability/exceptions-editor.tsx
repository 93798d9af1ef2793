'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { okSchema } from '../consultation/consultation.schemas';
import type { Availability } from './availability.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** Leave, days off and extra sessions at precise times. */
export function ExceptionsEditor({ availability, onChanged }: { availability: Availability; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [kind, setKind] = useState<'unavailable' | 'available'>('unavailable');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const base = `/practitioners/${availability.practitionerId}/availability/exceptions`;

  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      await callApi(okSchema, base, {
        method: 'POST',
        body: {
          kind,
          startsAt: new Date(from).toISOString(),
          endsAt: new Date(to).toISOString(),
          note: note.trim() || null,
        },
      });
      setFrom('');
      setTo('');
      setNote('');
      setError('');
      onChanged();
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? [
              caught.detail,
              ...caught.fieldErrors.map((field) => t('error.field', { field: field.path, message: field.message })),
            ].join(' ')
          : t('error.generic'),
      );
    }
  }

  async function remove(id: string) {
    await callApi(okSchema, `${base}/${id}`, { method: 'DELETE' }).catch(() => undefined);
    onChanged();
  }

  return (
    <section className="card stack" aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">{t('availability.exceptions')}</h2>
      {availability.exceptions.length === 0 ? (
        <p className="muted">{t('availability.noExceptions')}</p>
      ) : (
        <ul className="plain stack">
          {availability.exceptions.map((exception) => (
            <li key={exception.id} className="row" data-exception-id={exception.id}>
              <span>
                {exception.kind === 'unavailable' ? t('availability.unavailable') : t('availability.available')}:{' '}
                {formatDateTime(exception.startsAt)} → {formatDateTime(exception.endsAt)}
                {exception.note ? ` · ${exception.note}` : ''}
              </span>
              <button type="button" onClick={() => void remove(exception.id)}>
                {t('availability.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="row">
        <div className="field">
          <label htmlFor="exception-kind">{t('availability.kind')}</label>
          <select
            id="exception-kind"
            value={kind}
            onChange={(event) => setKind(event.target.value === 'available' ? 'available' : 'unavailable')}
          >
            <option value="unavailable">{t('availability.unavailable')}</option>
            <option value="available">{t('availability.available')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="exception-from">{t('availability.from')}</label>
          <input
            id="exception-from"
            type="datetime-local"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="exception-to">{t('availability.to')}</label>
          <input
            id="exception-to"
            type="datetime-local"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="exception-note">{t('availability.note')}</label>
          <input id="exception-note" value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} />
        </div>
        <button type="submit">{t('availability.addException')}</button>
      </form>
      <ErrorAlert message={error} />
    </section>
  );
}
