'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { STAFF_ROLES, userSchema, type StaffUser } from './admin.schemas';

const EMPTY = { email: '', displayName: '', password: '', role: 'practitioner', preferredLanguage: 'fr' };

export function StaffForm({ onCreated }: { onCreated: (user: StaffUser) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<string[]>([]);
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      const user = await callApi(userSchema, '/users', { method: 'POST', body: form });
      setForm(EMPTY);
      setErrors([]);
      onCreated(user);
    } catch (caught) {
      if (!(caught instanceof ApiError)) return setErrors([t('error.generic')]);
      setErrors(
        caught.fieldErrors.length
          ? caught.fieldErrors.map((error) =>
              t('error.field', { field: error.path.replace(/^body\./, ''), message: error.message }),
            )
          : [caught.detail],
      );
    }
  }

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="staff-new">
      <h2 id="staff-new">{t('admin.staff.new')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="staff-name">{t('admin.staff.name')}</label>
          <input id="staff-name" required maxLength={200} value={form.displayName} onChange={set('displayName')} />
        </div>
        <div className="field">
          <label htmlFor="staff-email">{t('login.email')}</label>
          <input id="staff-email" type="email" required autoComplete="off" value={form.email} onChange={set('email')} />
        </div>
        <div className="field">
          <label htmlFor="staff-password">{t('admin.staff.password')}</label>
          <input
            id="staff-password"
            type="password"
            required
            minLength={12}
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
          />
        </div>
        <div className="field">
          <label htmlFor="staff-role">{t('admin.staff.roleLabel')}</label>
          <select id="staff-role" value={form.role} onChange={set('role')}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.staff.role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="staff-lang">{t('nav.language')}</label>
          <select id="staff-lang" value={form.preferredLanguage} onChange={set('preferredLanguage')}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </div>
        <button type="submit" className="primary">
          {t('admin.staff.create')}
        </button>
      </div>
      {errors.length > 0 && (
        <ul role="alert" className="error">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
