'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useSessionUser } from '../../session/session-provider';
import { fileDataSchema, okSchema, type TimelineEntry } from './consultation.schemas';

/** Attach a prescription or image, download it through its short-lived link, send the link to the patient. */
export function FilesPanel({
  consultationId,
  entries,
  onChanged,
}: {
  consultationId: string;
  entries: TimelineEntry[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const user = useSessionUser();
  const [feedback, setFeedback] = useState<{ error: boolean; text: string } | null>(null);
  const files = entries.flatMap((entry) => {
    const parsed = entry.kind === 'file' ? fileDataSchema.safeParse(entry.data) : undefined;
    return parsed?.success ? [parsed.data] : [];
  });

  async function run(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      setFeedback({ error: false, text: done });
      onChanged();
    } catch (error) {
      setFeedback({ error: true, text: error instanceof ApiError ? error.detail : t('error.generic') });
    }
  }

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.namedItem('file');
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!file) return;
    void run(async () => {
      await callApi(okSchema, `/consultations/${consultationId}/files?fileName=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        raw: file,
      });
      form.reset();
    }, t('consultation.done'));
  }

  return (
    <section className="card stack" aria-labelledby="files-title">
      <h2 id="files-title">{t('consultation.files')}</h2>
      {files.length === 0 ? (
        <p className="muted">{t('consultation.noFiles')}</p>
      ) : (
        <ul className="plain">
          {files.map((file) => (
            <li key={file.id} className="file-row" data-file-id={file.id}>
              <a href={`/bff/files/${file.id}/download`} download={file.fileName}>
                {t('consultation.download')}: {file.fileName}
              </a>
              {user.role === 'practitioner' && (
                <button
                  type="button"
                  onClick={() =>
                    void run(
                      () =>
                        callApi(okSchema, `/files/${file.id}/send-to-patient`, {
                          method: 'POST',
                          idempotencyKey: crypto.randomUUID(),
                        }),
                      t('consultation.linkSent'),
                    )
                  }
                >
                  {t('consultation.sendToPatient')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {user.role === 'practitioner' && (
        <form onSubmit={upload} className="row">
          <div className="field">
            <label htmlFor="file">{t('consultation.attach')}</label>
            <input
              id="file"
              name="file"
              type="file"
              accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,text/plain"
              required
            />
          </div>
          <button type="submit">{t('consultation.upload')}</button>
        </form>
      )}
      {feedback && (
        <p role={feedback.error ? 'alert' : 'status'} className={feedback.error ? 'error' : 'success'}>
          {feedback.text}
        </p>
      )}
    </section>
  );
}
