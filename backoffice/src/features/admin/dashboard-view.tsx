'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import styles from './charts.module.css';
import { DashboardCharts } from './dashboard-charts';
import { defaultRange, formatCount, formatDuration, formatPercent } from './dashboard-format';
import {
  deadLetterStatsSchema,
  firstResponseStatsSchema,
  messageStatsSchema,
  noShowStatsSchema,
  triageStatsSchema,
  type DashboardData,
} from './dashboard.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** The platform dashboard: one date range, five aggregates from /api/v1/stats, drawn as charts. */
export function DashboardView() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState(() => defaultRange(new Date()));
  const [draft, setDraft] = useState(range);
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState('');
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const load = useCallback(async () => {
    const query = new URLSearchParams({ from: range.from, to: range.to, timeZone }).toString();
    try {
      const [messages, triage, firstResponse, noShows, deadLetters] = await Promise.all([
        callApi(messageStatsSchema, `/stats/messages?${query}`),
        callApi(triageStatsSchema, `/stats/triage-levels?${query}`),
        callApi(firstResponseStatsSchema, `/stats/first-response?${query}`),
        callApi(noShowStatsSchema, `/stats/no-shows?${query}`),
        callApi(deadLetterStatsSchema, `/stats/dead-letters?${query}`),
      ]);
      setData({ messages, triage, firstResponse, noShows, deadLetters });
      setError('');
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fieldErrors[0] : undefined;
      setError(field ? t('error.field', { field: field.path, message: field.message }) : t('error.generic'));
    }
  }, [range, timeZone, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setRange(draft);
  };

  const messageTotal = data?.messages.series.reduce((sum, series) => sum + series.total, 0) ?? 0;

  return (
    <>
      <h1>{t('admin.dashboard.title')}</h1>
      <form className="filters" aria-label={t('admin.dashboard.range')} onSubmit={apply}>
        <div className="field">
          <label htmlFor="stats-from">{t('admin.dashboard.from')}</label>
          <input
            id="stats-from"
            type="date"
            required
            value={draft.from}
            max={draft.to}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="stats-to">{t('admin.dashboard.to')}</label>
          <input
            id="stats-to"
            type="date"
            required
            value={draft.to}
            min={draft.from}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('admin.dashboard.apply')}
        </button>
        <p className="muted">{t('admin.dashboard.zone', { zone: timeZone })}</p>
      </form>
      <ErrorAlert message={error} />
      {data === null ? (
        !error && <p>{t('inbox.loading')}</p>
      ) : (
        <>
          <dl className={styles.kpis} aria-label={t('admin.dashboard.summary')}>
            <Kpi label={t('admin.stats.messages')} value={formatCount(messageTotal, lang)} />
            <Kpi label={t('admin.stats.triage')} value={formatCount(data.triage.total, lang)} />
            <Kpi
              label={t('admin.stats.firstResponse')}
              value={
                data.firstResponse.medianSeconds === null ? '–' : formatDuration(data.firstResponse.medianSeconds, lang)
              }
            />
            <Kpi
              label={t('admin.stats.noShowRate')}
              value={data.noShows.rate === null ? '–' : formatPercent(data.noShows.rate, lang)}
            />
            <Kpi label={t('admin.stats.deadLetters')} value={formatCount(data.deadLetters.total, lang)} />
          </dl>
          <DashboardCharts data={data} />
        </>
      )}
    </>
  );
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className={styles.kpi}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
