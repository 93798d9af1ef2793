'use client';

import { useCallback, useEffect, useState } from 'react';
import { callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import {
  facilityDetailSchema,
  historyPageSchema,
  myFacilitiesSchema,
  type FacilityDetail,
  type HistoryEntry,
  type MyFacility,
} from './facility.schemas';
import { ResourceEditor } from './resource-editor';
import { ResourceHistory } from './resource-history';
import { ErrorAlert } from '../shell/error-alert';

/** A facility admin publishes beds, medicines and equipment of their own facilities and sees who changed what. */
export function FacilityView() {
  const { t, formatDateTime } = useI18n();
  const [facilities, setFacilities] = useState<MyFacility[] | null>(null);
  const [selectedId, setSelectedId] = useState('');
  const [detail, setDetail] = useState<FacilityDetail | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState('');
  const [announcement, setAnnouncement] = useState('');

  const loadFacilities = useCallback(async () => {
    try {
      const page = await callApi(myFacilitiesSchema, '/stats/my-facilities');
      setFacilities(page.items);
      setSelectedId((current) => current || (page.items[0]?.id ?? ''));
    } catch {
      setError(t('error.generic'));
    }
  }, [t]);

  const loadFacility = useCallback(async () => {
    if (!selectedId) return;
    try {
      const [facility, entries] = await Promise.all([
        callApi(facilityDetailSchema, `/facilities/${selectedId}`),
        callApi(historyPageSchema, `/facilities/${selectedId}/resources/history?limit=50`),
      ]);
      setDetail(facility);
      setHistory(entries.items);
    } catch {
      setError(t('error.generic'));
    }
  }, [selectedId, t]);

  useEffect(() => {
    void loadFacilities();
  }, [loadFacilities]);
  useEffect(() => {
    void loadFacility();
  }, [loadFacility]);

  const selected = facilities?.find((facility) => facility.id === selectedId);

  return (
    <>
      <h1>{t('facility.title')}</h1>
      <ErrorAlert message={error} />
      {facilities === null ? (
        <p>{t('inbox.loading')}</p>
      ) : facilities.length === 0 ? (
        <p>{t('facility.none')}</p>
      ) : (
        <>
          {facilities.length > 1 && (
            <div className="field">
              <label htmlFor="facility-select">{t('facility.choose')}</label>
              <select id="facility-select" value={selectedId} onChange={(event) => setSelectedId(event.target.value)}>
                {facilities.map((facility) => (
                  <option key={facility.id} value={facility.id}>
                    {facility.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {selected && (
            <p className="muted">
              <strong>{selected.name}</strong> ·{' '}
              {selected.lastPublishedAt
                ? t('facility.lastPublished', { when: formatDateTime(selected.lastPublishedAt) })
                : t('facility.neverPublished')}
              {selected.staleCount > 0 && ` · ${t('facility.staleCount', { n: selected.staleCount })}`}
            </p>
          )}
          {detail && detail.id === selectedId && (
            <ResourceEditor
              key={`${detail.id}-${history[0]?.id ?? 'none'}`}
              facility={detail}
              onPublished={(count) => {
                setAnnouncement(t('facility.published', { n: count }));
                void loadFacility();
                void loadFacilities();
              }}
            />
          )}
          <p role="status" className="success">
            {announcement}
          </p>
          {selected && <ResourceHistory entries={history} admins={selected.admins} />}
        </>
      )}
    </>
  );
}
