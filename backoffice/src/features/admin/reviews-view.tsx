'use client';

import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { REVIEW_STATES, anyResponse, practitionerPageSchema, reviewPageSchema, type Review } from './admin.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** Patients' reviews wait here until an admin publishes or rejects them, with a note kept on record. */
export function ReviewsView() {
  const { t } = useI18n();
  const [state, setState] = useState<(typeof REVIEW_STATES)[number]>('pending');
  const [items, setItems] = useState<Review[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      const [reviews, practitioners] = await Promise.all([
        callApi(reviewPageSchema, `/reviews?state=${state}&limit=100`),
        callApi(practitionerPageSchema, '/practitioners?limit=200'),
      ]);
      setItems(reviews.items);
      setNames(new Map(practitioners.items.map((item) => [item.id, item.fullName])));
      setError('');
    } catch {
      setError(t('error.generic'));
    }
  }, [state, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <h1>{t('admin.reviews.title')}</h1>
      <div role="group" aria-label={t('admin.reviews.filter')} className="row">
        {REVIEW_STATES.map((value) => (
          <button key={value} type="button" aria-pressed={state === value} onClick={() => setState(value)}>
            {t(`admin.reviews.state.${value}`)}
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
        <p>{t('admin.reviews.none')}</p>
      ) : (
        <ul className="plain">
          {items.map((review) => (
            <li key={review.id}>
              <ReviewCard
                review={review}
                practitionerName={names.get(review.practitionerId) ?? review.practitionerId}
                onModerated={(message) => {
                  setAnnouncement(message);
                  void load();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ReviewCard({
  review,
  practitionerName,
  onModerated,
}: {
  review: Review;
  practitionerName: string;
  onModerated: (message: string) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  async function moderate(state: 'published' | 'rejected') {
    try {
      await callApi(anyResponse, `/reviews/${review.id}/moderation`, {
        method: 'POST',
        body: { state, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      onModerated(t(`admin.reviews.done.${state}`));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : t('error.generic'));
    }
  }

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.reviews.about', { name: practitionerName })}</h2>
      <p>
        <span aria-hidden="true">
          {'★'.repeat(review.rating)}
          {'☆'.repeat(5 - review.rating)}
        </span>
        <span className="sr-only">{t('admin.reviews.rating', { rating: review.rating })}</span>{' '}
        <time className="muted" dateTime={review.createdAt}>
          {formatDateTime(review.createdAt)}
        </time>
      </p>
      <p className="body">{review.comment ?? t('admin.reviews.noComment')}</p>
      {review.moderationNote && (
        <p className="muted">
          {t('admin.reviews.note')}: {review.moderationNote}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('admin.reviews.note')}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={500}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <ErrorAlert message={error} />
      <div className="row">
        {review.state !== 'published' && (
          <button type="button" className="primary" onClick={() => void moderate('published')}>
            {t('admin.reviews.publish')}
          </button>
        )}
        {review.state !== 'rejected' && (
          <button type="button" onClick={() => void moderate('rejected')}>
            {t('admin.reviews.reject')}
          </button>
        )}
      </div>
    </article>
  );
}
