'use client';

import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-provider';

export function LoginForm({ next }: { next: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch('/bff/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
    }).catch(() => undefined);
    setBusy(false);
    if (response?.ok) {
      window.location.assign(next);
      return;
    }
    setError(
      response?.status === 401 || response?.status === 400
        ? t('login.failed')
        : response?.status === 429
          ? t('login.throttled')
          : t('login.error'),
    );
  }

  return (
    <form onSubmit={submit} className="card stack" noValidate>
      <div className="field">
        <label htmlFor="email">{t('login.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
      </div>
      {error && (
        <p id="login-error" role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}
