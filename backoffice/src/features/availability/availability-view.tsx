'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useSessionUser } from '../../session/session-provider';
import { okSchema } from '../consultation/consultation.schemas';
import { availabilitySchema, toRuleInput, type Availability, type Rule } from './availability.schemas';
import { ExceptionsEditor } from './exceptions-editor';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/** The weekly schedule, saved all at once (core-api replaces it atomically), and the exceptions. */
export function AvailabilityView() {
  const { t, tr } = useI18n();
  const user = useSessionUser();
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const [feedback, setFeedback] = useState<{ error: boolean; text: string } | null>(null);
  const path = `/practitioners/${user.practitionerId ?? ''}/availability`;

  const load = useCallback(async () => {
    const result = await callApi(availabilitySchema, path);
    setAvailability(result);
    setRules(result.rules);
  }, [path]);

  useEffect(() => {
    void load().catch(() => setFeedback({ error: true, text: t('error.generic') }));
  }, [load, t]);

  const update = (index: number, change: Partial<Rule>) =>
    setRules(rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)));

  async function save() {
    try {
      await callApi(okSchema, path, { method: 'PUT', body: { rules: rules.map(toRuleInput) } });
      setFeedback({ error: false, text: t('availability.saved') });
      await load();
    } catch (caught) {
      const text =
        caught instanceof ApiError
          ? [
              caught.detail,
              ...caught.fieldErrors.map((field) => t('error.field', { field: field.path, message: field.message })),
            ].join(' ')
          : t('error.generic');
      setFeedback({ error: true, text });
    }
  }

  if (!availability) return <p>{feedback?.text ?? t('inbox.loading')}</p>;
  return (
    <>
      <h1>{t('availability.title')}</h1>
      <p className="muted">{t('availability.timeZone', { zone: availability.timeZone })}</p>
      <section className="card stack" aria-labelledby="weekly-title">
        <h2 id="weekly-title">{t('availability.weekly')}</h2>
        <ul className="plain stack">
          {rules.map((rule, index) => (
            <li key={rule.id ?? `new-${index}`} className="row rule" data-rule-index={index}>
              <div className="field">
                <label htmlFor={`rule-${index}-day`}>{t('availability.weekday')}</label>
                <select
                  id={`rule-${index}-day`}
                  value={rule.weekday}
                  onChange={(event) => update(index, { weekday: Number(event.target.value) })}
                >
                  {WEEKDAYS.map((day) => (
                    <option key={day} value={day}>
                      {tr(`weekday.${day}`, String(day))}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-start`}>{t('availability.start')}</label>
                <input
                  id={`rule-${index}-start`}
                  type="time"
                  value={rule.start}
                  onChange={(event) => update(index, { start: event.target.value })}
                  required
                />
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-end`}>{t('availability.end')}</label>
                <input
                  id={`rule-${index}-end`}
                  type="time"
                  value={rule.end}
                  onChange={(event) => update(index, { end: event.target.value })}
                  required
                />
              </div>
              <div className="field">
                <label htmlFor={`rule-${index}-slot`}>{t('availability.slot')}</label>
                <input
                  id={`rule-${index}-slot`}
                  type="number"
                  min={5}
                  max={240}
                  value={rule.slotMinutes}
                  onChange={(event) => update(index, { slotMinutes: Number(event.target.value) })}
                />
              </div>
              <button type="button" onClick={() => setRules(rules.filter((_, at) => at !== index))}>
                {t('availability.remove')}
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          <button
            type="button"
            onClick={() =>
              setRules([...rules, { weekday: 1, start: '08:00', end: '12:00', slotMinutes: 20, facilityId: null }])
            }
          >
            {t('availability.addRule')}
          </button>
          <button type="button" className="primary" onClick={() => void save()}>
            {t('availability.save')}
          </button>
        </div>
        {feedback && (
          <p role={feedback.error ? 'alert' : 'status'} className={feedback.error ? 'error' : 'success'}>
            {feedback.text}
          </p>
        )}
      </section>
      <ExceptionsEditor availability={availability} onChanged={() => void load()} />
    </>
  );
}
