'use client';

import { useCallback, useEffect, useState } from 'react';
import { callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useLiveEvents } from '../../live/use-live-events';
import { LiveStatus } from '../shell/live-status';
import { AppointmentCard } from './appointment-card';
import { addDays, appointmentPageSchema, startOfDay, startOfWeek, type Appointment } from './calendar.schemas';

/** Appointments by day or week, grouped by day; appointment events refresh it live. */
export function CalendarView() {
  const { t, lang } = useI18n();
  const [view, setView] = useState<'day' | 'week'>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const [items, setItems] = useState<Appointment[] | null>(null);
  const from = view === 'day' ? startOfDay(anchor) : startOfWeek(anchor);
  const to = addDays(from, view === 'day' ? 1 : 7);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();

  const load = useCallback(async () => {
    const page = await callApi(
      appointmentPageSchema,
      `/appointments?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}&limit=200`,
    ).catch(() => ({ items: [] }));
    setItems(page.items);
  }, [fromIso, toIso]);

  useEffect(() => {
    void load();
  }, [load]);

  const { connected } = useLiveEvents({
    onEvent: (event) => {
      if (event.type.startsWith('appointment.')) void load();
    },
  });
  const dayFormat = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, index) => addDays(from, index));

  return (
    <>
      <div className="page-head">
        <h1>{t('calendar.title')}</h1>
        <LiveStatus connected={connected} />
      </div>
      <div className="row toolbar">
        <div role="group" aria-label={`${t('calendar.day')} / ${t('calendar.week')}`} className="row">
          <button type="button" aria-pressed={view === 'day'} onClick={() => setView('day')}>
            {t('calendar.day')}
          </button>
          <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>
            {t('calendar.week')}
          </button>
        </div>
        <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'day' ? -1 : -7))}>
          ← {t('calendar.previous')}
        </button>
        <button type="button" onClick={() => setAnchor(new Date())}>
          {t('calendar.today')}
        </button>
        <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'day' ? 1 : 7))}>
          {t('calendar.next')} →
        </button>
      </div>
      {items === null ? (
        <p>{t('inbox.loading')}</p>
      ) : (
        days.map((day) => {
          const ofDay = items.filter((item) => startOfDay(new Date(item.startsAt)).getTime() === day.getTime());
          const headingId = `day-${day.getTime()}`;
          return (
            <section key={day.getTime()} aria-labelledby={headingId} className="day">
              <h2 id={headingId}>{dayFormat.format(day)}</h2>
              {ofDay.length === 0 ? (
                <p className="muted">{t('calendar.empty')}</p>
              ) : (
                <ul className="plain stack">
                  {ofDay.map((appointment) => (
                    <AppointmentCard key={appointment.id} appointment={appointment} onChanged={() => void load()} />
                  ))}
                </ul>
              )}
            </section>
          );
        })
      )}
    </>
  );
}
