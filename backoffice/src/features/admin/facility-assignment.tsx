'use client';

import { useId, useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { anyResponse, facilityOptionsSchema } from './admin.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** Finds facilities by name and sets the full list a facility admin manages (core-api replaces it). */
export function FacilityAssignment({ userId, onSaved }: { userId: string; onSaved: (count: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ id: string; name: string; admin2: string | null }[]>([]);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState('');

  async function search() {
    if (query.trim().length < 2) return;
    try {
      setResults(
        (await callApi(facilityOptionsSchema, `/facilities?q=${encodeURIComponent(query.trim())}&limit=10`)).items,
      );
    } catch {
      setError(t('error.generic'));
    }
  }

  function toggle(facility: { id: string; name: string }, on: boolean) {
    const next = new Map(chosen);
    if (on) next.set(facility.id, facility.name);
    else next.delete(facility.id);
    setChosen(next);
  }

  async function save() {
    try {
      await callApi(anyResponse, `/users/${userId}/facilities`, {
        method: 'PUT',
        body: { facilityIds: [...chosen.keys()] },
      });
      onSaved(chosen.size);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : t('error.generic'));
    }
  }

  return (
    <div className="stack">
      <p className="muted">{t('admin.staff.assignHelp')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('admin.staff.findFacility')}</label>
          <input id={`${id}-q`} value={query} minLength={2} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <button type="button" onClick={() => void search()}>
          {t('admin.staff.search')}
        </button>
      </div>
      <fieldset>
        <legend>{t('admin.staff.facilities')}</legend>
        {[...new Map([...results.map((item): [string, string] => [item.id, item.name]), ...chosen]).entries()].map(
          ([facilityId, name]) => (
            <label key={facilityId} className="check">
              <input
                type="checkbox"
                checked={chosen.has(facilityId)}
                onChange={(event) => toggle({ id: facilityId, name }, event.target.checked)}
              />
              {name}
            </label>
          ),
        )}
      </fieldset>
      <ErrorAlert message={error} />
      <button type="button" className="primary" onClick={() => void save()}>
        {t('admin.staff.saveFacilities', { n: chosen.size })}
      </button>
    </div>
  );
}
