'use client';

import { useState, type FormEvent } from 'react';
import { countSmsSegments } from '@medlink/core-api/messages/sms-segments';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { okSchema, type ChannelLimits } from './consultation.schemas';

/** The reply shows its channel's limits as you type: SMS parts, or whether WhatsApp's 24-hour window is open. */
export function ReplyBox({
  consultationId,
  limits,
  disabled,
  onSent,
}: {
  consultationId: string;
  limits: ChannelLimits;
  disabled: boolean;
  onSent: () => void;
}) {
  const { t, tr, formatDateTime } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ error: boolean; text: string } | null>(null);
  const isSms = Boolean(limits.sms);
  const sms = isSms ? countSmsSegments(text) : undefined;
  const windowClosed = limits.whatsapp ? !limits.whatsapp.windowOpen : false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await callApi(okSchema, `/consultations/${consultationId}/messages`, {
        method: 'POST',
        body: { text },
        idempotencyKey: crypto.randomUUID(),
      });
      setText('');
      setFeedback({ error: false, text: t('consultation.sent') });
      onSent();
    } catch (error) {
      setFeedback({ error: true, text: error instanceof ApiError ? error.detail : t('error.generic') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card stack reply" aria-labelledby="reply-title">
      <h2 id="reply-title">{t('consultation.reply')}</h2>
      <p className="muted">
        {t('consultation.replyChannel', {
          channel: `${tr(`channel.${limits.channel}`, limits.channel)} (${limits.channel})`,
        })}
      </p>
      {limits.whatsapp && (
        <p className={windowClosed ? 'warning' : 'muted'} data-wa-window={windowClosed ? 'closed' : 'open'}>
          {windowClosed || !limits.whatsapp.windowClosesAt
            ? t('consultation.waClosed')
            : t('consultation.waOpen', { time: formatDateTime(limits.whatsapp.windowClosesAt) })}
        </p>
      )}
      <label htmlFor="reply-text" className="sr-only">
        {t('consultation.reply')}
      </label>
      <textarea
        id="reply-text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={4}
        maxLength={1600}
        disabled={disabled}
        aria-describedby={sms ? 'sms-count' : undefined}
      />
      {sms && (
        <p id="sms-count" className="muted" aria-live="polite" data-sms-segments={sms.segments}>
          {t('consultation.smsCount', {
            chars: [...text].length,
            segments: text ? sms.segments : 0,
            encoding: sms.encoding === 'gsm7' ? 'GSM-7' : 'Unicode',
          })}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || disabled || text.trim() === ''}>
        {busy ? t('consultation.sending') : t('consultation.send')}
      </button>
      {feedback && (
        <p role={feedback.error ? 'alert' : 'status'} className={feedback.error ? 'error' : 'success'}>
          {feedback.text}
        </p>
      )}
    </form>
  );
}
