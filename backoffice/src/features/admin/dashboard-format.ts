import type { Lang } from '../../i18n/messages';

const localeOf = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** Seconds as people say them: "45 s", "12 min", "2 h 05". */
export function formatDuration(seconds: number, lang: Lang): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return `${new Intl.NumberFormat(localeOf(lang)).format(hours)} h ${String(minutes).padStart(2, '0')}`;
}

export function formatPercent(value: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function formatCount(value: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(value);
}

/** A YYYY-MM-DD day as "3 Nov" / "3 nov." — the day is already local, so it is formatted in UTC. */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** Today and 29 days before, as the browser's local dates (inputs of type date speak YYYY-MM-DD). */
export function defaultRange(now: Date): { from: string; to: string } {
  const local = (date: Date) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const from = new Date(now);
  from.setDate(from.getDate() - 29);
  return { from: local(from), to: local(now) };
}
