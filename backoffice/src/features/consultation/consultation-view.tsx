'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import { useLiveEvents } from '../../live/use-live-events';
import { useSessionUser } from '../../session/session-provider';
import { ChannelBadge } from '../shell/badges';
import { LiveStatus } from '../shell/live-status';
import { CareTeamPanel } from './care-team-panel';
import { okSchema, timelineSchema, type Timeline } from './consultation.schemas';
import { FilesPanel } from './files-panel';
import { ReplyBox } from './reply-box';
import { TimelineItem } from './timeline-item';

export function ConsultationView({ consultationId }: { consultationId: string }) {
  const { t, tr } = useI18n();
  const user = useSessionUser();
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setTimeline(await callApi(timelineSchema, `/consultations/${consultationId}`));
      if (user.role === 'practitioner')
        await callApi(okSchema, `/consultations/${consultationId}/read`, { method: 'POST' }).catch(() => undefined);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 404 ? t('error.notFound') : t('error.generic'));
    }
  }, [consultationId, user.role, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const room = `consultation:${consultationId}`;
  const { connected } = useLiveEvents({
    rooms: [room],
    onEvent: (event) => {
      if (event.rooms.includes(room)) void load();
    },
  });

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!timeline) return <p>{t('inbox.loading')}</p>;
  const { patient, consultation } = timeline;
  return (
    <>
      <p>
        <Link href="/inbox">← {t('consultation.back')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {patient.displayName ?? t('consultation.unnamed')}
          {patient.birthYear ? (
            <span className="muted"> · {t('consultation.born', { year: patient.birthYear })}</span>
          ) : null}
        </h1>
        <LiveStatus connected={connected} />
      </div>
      <p className="badges">
        <ChannelBadge channel={consultation.channel} />
        <span className="badge">{tr(`status.${consultation.status}`, consultation.status)}</span>
        {consultation.subject && <span>{consultation.subject}</span>}
      </p>
      {patient.optedOut && <p className="warning">{t('consultation.optedOut')}</p>}
      <div className="columns">
        <section aria-labelledby="timeline-title" className="timeline-col">
          <h2 id="timeline-title">{t('consultation.timeline')}</h2>
          <ol className="timeline">
            {timeline.entries.map((entry) => (
              <TimelineItem key={`${entry.kind}-${entry.id}`} entry={entry} />
            ))}
          </ol>
          {user.role === 'practitioner' && (
            <ReplyBox
              consultationId={consultation.id}
              limits={timeline.replyLimits}
              disabled={patient.optedOut}
              onSent={() => void load()}
            />
          )}
        </section>
        <div className="side-col">
          <CareTeamPanel timeline={timeline} onChanged={() => void load()} />
          <FilesPanel consultationId={consultation.id} entries={timeline.entries} onChanged={() => void load()} />
        </div>
      </div>
    </>
  );
}
