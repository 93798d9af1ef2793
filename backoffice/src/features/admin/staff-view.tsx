'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useSessionUser } from '../../session/session-provider';
import { anyResponse, userPageSchema, type StaffUser } from './admin.schemas';
import { FacilityAssignment } from './facility-assignment';
import { StaffForm } from './staff-form';
import { ErrorAlert } from '../shell/error-alert';

/** Staff accounts (core-api /users): create, disable, and give facility admins their facilities. */
export function StaffView() {
  const { t, formatDateTime } = useI18n();
  const me = useSessionUser();
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [assigning, setAssigning] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setUsers((await callApi(userPageSchema, '/users?limit=200')).items);
    } catch {
      setError(t('error.generic'));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  async function disable(user: StaffUser) {
    try {
      await callApi(anyResponse, `/users/${user.id}/disable`, { method: 'POST' });
      setAnnouncement(t('admin.staff.disabledDone', { name: user.displayName }));
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : t('error.generic'));
    }
  }

  return (
    <>
      <h1>{t('admin.staff.title')}</h1>
      <StaffForm
        onCreated={(user) => {
          setAnnouncement(t('admin.staff.created', { name: user.displayName }));
          void load();
        }}
      />
      <p role="status" className="success">
        {announcement}
      </p>
      <ErrorAlert message={error} />
      <h2>{t('admin.staff.accounts')}</h2>
      {users === null ? (
        <p>{t('inbox.loading')}</p>
      ) : (
        <ul className="plain">
          {users.map((user) => (
            <li key={user.id} className="card">
              <p>
                <strong>{user.displayName}</strong> · {user.email}
              </p>
              <p className="muted">
                {t(`admin.staff.role.${user.role}`)} · {formatDateTime(user.createdAt)}
                {user.disabled && ` · ${t('admin.staff.disabled')}`}
              </p>
              <div className="row">
                {user.role === 'facility_admin' && !user.disabled && (
                  <button
                    type="button"
                    aria-expanded={assigning === user.id}
                    onClick={() => setAssigning(assigning === user.id ? null : user.id)}
                  >
                    {t('admin.staff.facilities')}
                  </button>
                )}
                {!user.disabled && user.id !== me.id && (
                  <button type="button" onClick={() => void disable(user)}>
                    {t('admin.staff.disable')}
                  </button>
                )}
              </div>
              {assigning === user.id && (
                <FacilityAssignment
                  userId={user.id}
                  onSaved={(count) => {
                    setAssigning(null);
                    setAnnouncement(t('admin.staff.assigned', { name: user.displayName, n: count }));
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
