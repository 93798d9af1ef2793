'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { anyResponse, type Practitioner, type VerificationStatus } from './admin.schemas';
import { ErrorAlert } from '../shell/error-alert';

/**
 * One practitioner's licence check. Verifying needs the admin to confirm they checked the licence number
 * against the national register; suspending needs a reason. Notes go to core-api with the decision.
 */
export function VerificationCard({
  practitioner,
  onDecided,
}: {
  practitioner: Practitioner;
  onDecided: (decision: VerificationStatus) => void;
}) {
  const { t, tr, formatDateTime } = useI18n();
  const id = useId();
  const [checked, setChecked] = useState(false);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const canVerify = practitioner.verificationStatus !== 'verified';
  const canSuspend = practitioner.verificationStatus !== 'suspended';

  async function decide(decision: VerificationStatus) {
    if (decision === 'verified' && !checked) return setError(t('admin.verification.checkFirst'));
    if (decision === 'suspended' && !notes.trim()) return setError(t('admin.verification.reasonFirst'));
    setBusy(true);
    try {
      const licence = practitioner.licenceNumber ?? '';
      const record =
        decision === 'verified'
          ? `${t('admin.verification.checkedNote', { licence })} ${notes.trim()}`.trim()
          : notes.trim();
      await callApi(anyResponse, `/practitioners/${practitioner.id}/verification`, {
        method: 'POST',
        body: { status: decision, notes: record },
      });
      setError('');
      onDecided(decision);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : t('error.generic'));
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent) => event.preventDefault();

  return (
    <article className="card" aria-labelledby={`${id}-name`} data-practitioner-id={practitioner.id}>
      <h2 id={`${id}-name`}>{practitioner.fullName}</h2>
      <dl className="stack">
        <div>
          <dt className="muted">{t('admin.verification.licence')}</dt>
          <dd>
            <strong>{practitioner.licenceNumber ?? '–'}</strong>
          </dd>
        </div>
        <div>
          <dt className="muted">{t('admin.verification.specialties')}</dt>
          <dd>
            {practitioner.specialties.join(', ')} · {practitioner.languages.join(', ')}
          </dd>
        </div>
        {practitioner.verificationNotes && (
          <div>
            <dt className="muted">{t('admin.verification.previousNotes')}</dt>
            <dd>
              {practitioner.verificationNotes}
              {practitioner.verifiedAt && ` (${formatDateTime(practitioner.verifiedAt)})`}
            </dd>
          </div>
        )}
        <div>
          <dt className="muted">{t('practitioners.verification')}</dt>
          <dd>{tr(`admin.verification.status.${practitioner.verificationStatus}`, practitioner.verificationStatus)}</dd>
        </div>
      </dl>
      <form className="stack" onSubmit={submit}>
        {canVerify && (
          <label className="check">
            <input type="checkbox" checked={checked} onChange={(event) => setChecked(event.target.checked)} />
            {t('admin.verification.checked', { licence: practitioner.licenceNumber ?? '' })}
          </label>
        )}
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t('admin.verification.notes')}</label>
          <textarea
            id={`${id}-notes`}
            rows={2}
            maxLength={1500}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
          />
        </div>
        <ErrorAlert message={error} />
        <div className="row">
          {canVerify && (
            <button type="button" className="primary" disabled={busy} onClick={() => void decide('verified')}>
              {t('admin.verification.verify')}
            </button>
          )}
          {canSuspend && (
            <button type="button" disabled={busy} onClick={() => void decide('suspended')}>
              {t('admin.verification.suspend')}
            </button>
          )}
        </div>
      </form>
    </article>
  );
}
