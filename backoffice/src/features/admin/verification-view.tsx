'use client';

import { useCallback, useEffect, useState } from 'react';
import { callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import {
  VERIFICATION_STATUSES,
  practitionerPageSchema,
  type Practitioner,
  type VerificationStatus,
} from './admin.schemas';
import { VerificationCard } from './verification-card';
import { ErrorAlert } from '../shell/error-alert';

/** The licence-check workflow: pending first; each decision is sent with its notes and audited by core-api. */
export function VerificationView() {
  const { t } = useI18n();
  const [status, setStatus] = useState<VerificationStatus>('pending');
  const [items, setItems] = useState<Practitioner[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setItems((await callApi(practitionerPageSchema, `/practitioners?status=${status}&limit=100`)).items);
      setError('');
    } catch {
      setError(t('error.generic'));
    }
  }, [status, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const decided = async (practitioner: Practitioner, decision: VerificationStatus) => {
    setAnnouncement(t(`admin.verification.done.${decision}`, { name: practitioner.fullName }));
    await load();
  };

  return (
    <>
      <h1>{t('admin.verification.title')}</h1>
      <p className="muted">{t('admin.verification.intro')}</p>
      <div role="group" aria-label={t('admin.verification.filter')} className="row">
        {VERIFICATION_STATUSES.map((value) => (
          <button key={value} type="button" aria-pressed={status === value} onClick={() => setStatus(value)}>
            {t(`admin.verification.status.${value}`)}
          </button>
        ))}
      </div>
      <p role="status" className="success">
        {announcement}
      </p>
      <ErrorAlert message={error} />
      {items === null ? (
        <p>{t('inbox.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('admin.verification.none')}</p>
      ) : (
        <ul className="plain" aria-label={t(`admin.verification.status.${status}`)}>
          {items.map((practitioner) => (
            <li key={practitioner.id}>
              <VerificationCard
                practitioner={practitioner}
                onDecided={(decision) => void decided(practitioner, decision)}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
