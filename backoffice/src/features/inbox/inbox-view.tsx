'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useLiveEvents } from '../../live/use-live-events';
import { LiveStatus } from '../shell/live-status';
import { ChannelBadge, LevelBadge } from '../shell/badges';
import { CHANNELS, TRIAGE_LEVELS, inboxPageSchema, type InboxItem } from './inbox.schemas';
import { ErrorAlert } from '../shell/error-alert';

/** Consultations the practitioner takes part in, newest activity first; refreshed live, never reloaded. */
export function InboxView() {
  const { t, tr, formatDateTime } = useI18n();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [waitingForMe, setWaitingForMe] = useState(false);
  const [level, setLevel] = useState('');
  const [channel, setChannel] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const query = new URLSearchParams();
    if (waitingForMe) query.set('waitingForMe', 'true');
    if (level) query.set('level', level);
    if (channel) query.set('channel', channel);
    try {
      const page = await callApi(inboxPageSchema, `/consultations?${query.toString()}`);
      setItems(page.items);
      setError('');
    } catch {
      setError(t('error.generic'));
    }
  }, [waitingForMe, level, channel, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const { connected } = useLiveEvents({
    onEvent: (event) => {
      if (event.type === 'consultation.invited') setAnnouncement(t('live.invited'));
      else if (event.type === 'consultation.message') setAnnouncement(t('live.newMessage'));
      void load();
    },
  });

  return (
    <>
      <div className="page-head">
        <h1>{t('inbox.title')}</h1>
        <LiveStatus connected={connected} />
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {announcement && (
        <p className="notice" aria-hidden="true">
          {announcement}
        </p>
      )}
      <form className="filters" aria-label={t('inbox.filters')} onSubmit={(event) => event.preventDefault()}>
        <label className="check">
          <input type="checkbox" checked={waitingForMe} onChange={(event) => setWaitingForMe(event.target.checked)} />
          {t('inbox.waitingForMe')}
        </label>
        <div className="field">
          <label htmlFor="filter-level">{t('inbox.level')}</label>
          <select id="filter-level" value={level} onChange={(event) => setLevel(event.target.value)}>
            <option value="">{t('inbox.any')}</option>
            {TRIAGE_LEVELS.map((value) => (
              <option key={value} value={value}>
                {tr(`level.${value}`, value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-channel">{t('inbox.channel')}</label>
          <select id="filter-channel" value={channel} onChange={(event) => setChannel(event.target.value)}>
            <option value="">{t('inbox.any')}</option>
            {CHANNELS.map((value) => (
              <option key={value} value={value}>
                {tr(`channel.${value}`, value)} ({value})
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorAlert message={error} />
      {items === null ? (
        <p>{t('inbox.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <ul className="inbox" aria-label={t('inbox.title')}>
          {items.map((item) => (
            <li key={item.id} className={item.unreadCount > 0 ? 'unread' : undefined} data-consultation-id={item.id}>
              <Link href={`/consultations/${item.id}`} className="inbox-link">
                <span className="inbox-top">
                  <strong>{item.patient.displayName ?? t('consultation.unnamed')}</strong>
                  <time dateTime={item.lastActivityAt}>{formatDateTime(item.lastActivityAt)}</time>
                </span>
                <span className="inbox-preview">{item.lastMessage?.preview ?? t('inbox.noPreview')}</span>
                <span className="badges">
                  <ChannelBadge channel={item.channel} />
                  {item.triageLevel && <LevelBadge level={item.triageLevel} />}
                  <span className="badge">{tr(`status.${item.status}`, item.status)}</span>
                  {item.myRole === 'invited' && <span className="badge">{t('inbox.invitedBadge')}</span>}
                  {item.unreadCount > 0 && (
                    <span className="badge count">{t('inbox.unread', { n: item.unreadCount })}</span>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
