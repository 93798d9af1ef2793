'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useSessionUser } from '../../session/session-provider';
import { okSchema, practitionerListSchema, type Timeline } from './consultation.schemas';

const STATUSES = ['open', 'snoozed', 'resolved'] as const;

/** Co-follow-up: invite a colleague, hand over, private notes and the consultation's status. */
export function CareTeamPanel({ timeline, onChanged }: { timeline: Timeline; onChanged: () => void }) {
  const { t, tr } = useI18n();
  const user = useSessionUser();
  const consultationId = timeline.consultation.id;
  const [colleagues, setColleagues] = useState<{ id: string; fullName: string }[]>([]);
  const [colleague, setColleague] = useState('');
  const [note, setNote] = useState('');
  const [feedback, setFeedback] = useState<{ error: boolean; text: string } | null>(null);
  const active = timeline.participants.filter((participant) => !participant.leftAt);
  const activeIds = active.map((participant) => participant.practitionerId).join(',');

  useEffect(() => {
    const taking = activeIds.split(',');
    void callApi(practitionerListSchema, '/practitioners?limit=200')
      .then((page) => setColleagues(page.items.filter((item) => !taking.includes(item.id))))
      .catch(() => setColleagues([]));
  }, [activeIds]);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      setFeedback({ error: false, text: t('consultation.done') });
      onChanged();
    } catch (error) {
      setFeedback({ error: true, text: error instanceof ApiError ? error.detail : t('error.generic') });
    }
  }

  const post = (path: string, body: unknown) =>
    callApi(okSchema, `/consultations/${consultationId}/${path}`, { method: 'POST', body });

  function addNote(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await post('notes', { text: note });
      setNote('');
    });
  }

  return (
    <section className="card stack" aria-labelledby="team-title">
      <h2 id="team-title">{t('consultation.participants')}</h2>
      <ul className="plain">
        {active.map((participant) => (
          <li key={participant.practitionerId}>
            {participant.fullName}{' '}
            <span className="muted">
              ({participant.role === 'owner' ? t('consultation.owner') : t('consultation.invited')})
            </span>
          </li>
        ))}
      </ul>
      {user.role === 'practitioner' && (
        <div className="row">
          <div className="field">
            <label htmlFor="colleague">{t('consultation.colleague')}</label>
            <select id="colleague" value={colleague} onChange={(event) => setColleague(event.target.value)}>
              <option value="">—</option>
              {colleagues.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.fullName}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={!colleague}
            onClick={() => void run(() => post('participants', { practitionerId: colleague }))}
          >
            {t('consultation.invite')}
          </button>
          <button
            type="button"
            disabled={!colleague}
            onClick={() => void run(() => post('handover', { practitionerId: colleague }))}
          >
            {t('consultation.handover')}
          </button>
        </div>
      )}
      <div className="field">
        <label htmlFor="status">{t('consultation.changeStatus')}</label>
        <select
          id="status"
          value={timeline.consultation.status}
          onChange={(event) => void run(() => post('status', { status: event.target.value }))}
        >
          {timeline.consultation.status === 'pending' && (
            <option value="pending">{tr('status.pending', 'pending')}</option>
          )}
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {tr(`status.${status}`, status)}
            </option>
          ))}
        </select>
      </div>
      {user.role === 'practitioner' && (
        <form onSubmit={addNote} className="stack">
          <label htmlFor="note">{t('consultation.addNote')}</label>
          <textarea
            id="note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            rows={3}
            maxLength={8000}
          />
          <button type="submit" disabled={note.trim() === ''}>
            {t('consultation.saveNote')}
          </button>
        </form>
      )}
      {feedback && (
        <p role={feedback.error ? 'alert' : 'status'} className={feedback.error ? 'error' : 'success'}>
          {feedback.text}
        </p>
      )}
    </section>
  );
}
