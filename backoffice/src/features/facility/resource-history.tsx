'use client';

import { useI18n } from '../../i18n/i18n-provider';
import { useSessionUser } from '../../session/session-provider';
import type { HistoryEntry, MyFacility } from './facility.schemas';

/** Who changed what and when, newest first (core-api keeps every published figure). */
export function ResourceHistory({ entries, admins }: { entries: HistoryEntry[]; admins: MyFacility['admins'] }) {
  const { t, formatDateTime } = useI18n();
  const me = useSessionUser();
  const nameOf = (by: HistoryEntry['changedBy']) => {
    if (by.type === 'client') return t('facility.history.system', { id: by.id });
    if (by.id === me.id) return t('facility.history.you', { name: me.displayName });
    return admins.find((admin) => admin.userId === by.id)?.displayName ?? t('facility.history.formerAdmin');
  };
  const valueOf = (entry: HistoryEntry) => {
    if (entry.kind === 'beds') return t('facility.history.freeBeds', { n: entry.quantity ?? 0 });
    const state = t(
      entry.kind === 'medicine'
        ? entry.available
          ? 'facility.inStock'
          : 'facility.outOfStock'
        : entry.available
          ? 'facility.working'
          : 'facility.notWorking',
    );
    return entry.quantity === null ? state : `${state} (${entry.quantity})`;
  };

  return (
    <section className="card">
      <h2 id="history-title">{t('facility.history.title')}</h2>
      {entries.length === 0 ? (
        <p>{t('facility.history.none')}</p>
      ) : (
        // Scrollable on a narrow phone, so it must take keyboard focus to scroll.
        <div role="region" aria-labelledby="history-title" tabIndex={0} style={{ overflowX: 'auto' }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('facility.history.when')}</th>
                <th scope="col">{t('facility.history.who')}</th>
                <th scope="col">{t('facility.history.what')}</th>
                <th scope="col">{t('facility.history.value')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.changedAt}>{formatDateTime(entry.changedAt)}</time>
                  </td>
                  <td>{nameOf(entry.changedBy)}</td>
                  <td>
                    {t(`facility.kind.${entry.kind}`)}: {entry.item}
                  </td>
                  <td>{valueOf(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
