'use client';

import { useI18n } from '../../i18n/i18n-provider';
import { BarChart } from './bar-chart';
import styles from './charts.module.css';
import { formatCount, formatDay, formatDuration, formatPercent } from './dashboard-format';
import { CHANNEL_COLORS, LEVEL_COLORS, type DashboardData } from './dashboard.schemas';
import { LineChart } from './line-chart';

/** The five dashboard plots; each has a text summary and a hidden data table for screen readers. */
export function DashboardCharts({ data }: { data: DashboardData }) {
  const { t, tr, lang } = useI18n();
  const days = data.messages.range.days;
  const period = { from: formatDay(data.messages.range.from, lang), to: formatDay(data.messages.range.to, lang) };
  const common = {
    labels: days,
    formatLabel: (day: string) => formatDay(day, lang),
    xHeader: t('admin.stats.day'),
    emptyText: t('admin.stats.noData'),
  };
  const count = (value: number) => formatCount(value, lang);
  const channelName = (channel: string) => `${tr(`channel.${channel}`, channel)} · ${channel.split('-')[0] ?? channel}`;

  return (
    <div className={styles.grid2}>
      <section className="card" aria-label={t('admin.stats.messagesTitle')}>
        <LineChart
          {...common}
          title={t('admin.stats.messagesTitle')}
          summary={t('admin.stats.messagesSummary', { ...period, channels: data.messages.series.length })}
          series={data.messages.series.map((series) => ({
            key: series.channel,
            name: channelName(series.channel),
            color: CHANNEL_COLORS[series.channel] ?? '#1b1f24',
            values: series.points.map((point) => point.inbound + point.outbound),
          }))}
          formatValue={count}
          isCount
        />
      </section>
      <section className="card" aria-label={t('admin.stats.triageTitle')}>
        <BarChart
          title={t('admin.stats.triageTitle')}
          summary={t('admin.stats.triageSummary', { ...period, total: data.triage.total })}
          emptyText={t('admin.stats.noData')}
          xHeader={t('inbox.level')}
          valueHeader={t('admin.stats.count')}
          bars={data.triage.levels.map((entry) => ({
            key: entry.level,
            label: tr(`level.${entry.level}`, entry.level),
            value: entry.count,
            color: LEVEL_COLORS[entry.level] ?? '#1b1f24',
          }))}
          formatValue={count}
        />
      </section>
      <section className="card" aria-label={t('admin.stats.firstResponseTitle')}>
        <LineChart
          {...common}
          title={t('admin.stats.firstResponseTitle')}
          summary={t('admin.stats.firstResponseSummary', {
            ...period,
            median:
              data.firstResponse.medianSeconds === null ? '–' : formatDuration(data.firstResponse.medianSeconds, lang),
            answered: data.firstResponse.answered,
            unanswered: data.firstResponse.unanswered,
          })}
          series={[
            {
              key: 'median',
              name: t('admin.stats.median'),
              color: '#0b5c6b',
              values: data.firstResponse.points.map((point) =>
                point.medianSeconds === null ? null : point.medianSeconds / 60,
              ),
            },
          ]}
          formatValue={(minutes) => formatDuration(minutes * 60, lang)}
          formatTick={(minutes) => `${count(minutes)} min`}
        />
      </section>
      <section className="card" aria-label={t('admin.stats.noShowTitle')}>
        <LineChart
          {...common}
          title={t('admin.stats.noShowTitle')}
          summary={t('admin.stats.noShowSummary', {
            ...period,
            rate: data.noShows.rate === null ? '–' : formatPercent(data.noShows.rate, lang),
            noShows: data.noShows.noShows,
            attended: data.noShows.attended,
          })}
          series={[
            {
              key: 'rate',
              name: t('admin.stats.noShowRate'),
              color: '#a40e26',
              values: data.noShows.points.map((point) => point.rate),
            },
          ]}
          formatValue={(rate) => formatPercent(rate, lang)}
        />
      </section>
      <section className="card" aria-label={t('admin.stats.deadLettersTitle')}>
        <BarChart
          title={t('admin.stats.deadLettersTitle')}
          summary={t('admin.stats.deadLettersSummary', {
            ...period,
            total: data.deadLetters.total,
            channels:
              data.deadLetters.byChannel.map((entry) => `${channelName(entry.channel)}: ${entry.count}`).join(', ') ||
              '–',
          })}
          emptyText={t('admin.stats.noData')}
          xHeader={t('admin.stats.day')}
          valueHeader={t('admin.stats.count')}
          bars={data.deadLetters.points.map((point) => ({
            key: point.day,
            label: formatDay(point.day, lang),
            value: point.count,
            color: '#a40e26',
          }))}
          formatValue={count}
        />
      </section>
    </div>
  );
}
