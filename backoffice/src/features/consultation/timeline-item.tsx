'use client';

import { useI18n } from '../../i18n/i18n-provider';
import { ChannelBadge, DeliveryTicks, LevelBadge } from '../shell/badges';
import {
  activityDataSchema,
  appointmentDataSchema,
  fileDataSchema,
  messageDataSchema,
  noteDataSchema,
  triageDataSchema,
  type TimelineEntry,
} from './consultation.schemas';

export function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const { t, tr, formatDateTime } = useI18n();
  const when = <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>;
  if (entry.kind === 'message') {
    const message = messageDataSchema.safeParse(entry.data);
    if (!message.success) return null;
    const { direction, channel, body, status } = message.data;
    return (
      <li className={`entry message ${direction === 'in' ? 'inbound' : 'outbound'}`} data-message-id={entry.id}>
        <p className="entry-meta">
          <strong>{direction === 'in' ? t('consultation.fromPatient') : t('consultation.fromPractitioner')}</strong>{' '}
          <ChannelBadge channel={channel} /> {when}
        </p>
        <p className="body">{body}</p>
        {direction === 'out' && <DeliveryTicks status={status} />}
      </li>
    );
  }
  if (entry.kind === 'triage') {
    const triage = triageDataSchema.safeParse(entry.data);
    if (!triage.success) return null;
    return (
      <li className="entry triage">
        <p className="entry-meta">
          <strong>{t('consultation.triage')}</strong> <LevelBadge level={triage.data.level} /> {when}
        </p>
        {triage.data.complaintText && <p className="body">{triage.data.complaintText}</p>}
        {triage.data.drivingFindings.length > 0 && (
          <p>{t('consultation.triageFindings', { list: triage.data.drivingFindings.join(', ') })}</p>
        )}
      </li>
    );
  }
  if (entry.kind === 'appointment') {
    const appointment = appointmentDataSchema.safeParse(entry.data);
    if (!appointment.success) return null;
    const status = tr(`calendar.status.${appointment.data.status}`, appointment.data.status);
    return (
      <li className="entry appointment">
        <p>{t('consultation.appointment', { status, when: formatDateTime(appointment.data.startsAt) })}</p>
      </li>
    );
  }
  if (entry.kind === 'file') {
    const file = fileDataSchema.safeParse(entry.data);
    if (!file.success) return null;
    return (
      <li className="entry file">
        <p className="entry-meta">
          <strong>{t('consultation.file')}</strong> {when}
        </p>
        <p>
          <a href={`/bff/files/${file.data.id}/download`}>{file.data.fileName}</a>
        </p>
      </li>
    );
  }
  if (entry.kind === 'note') {
    const note = noteDataSchema.safeParse(entry.data);
    if (!note.success) return null;
    return (
      <li className="entry note">
        <p className="entry-meta">
          <strong>{t('consultation.note')}</strong> {note.data.authorName} {when}
        </p>
        <p className="body">{note.data.text}</p>
      </li>
    );
  }
  const activity = activityDataSchema.safeParse(entry.data);
  if (!activity.success) return null;
  return (
    <li className="entry activity">
      <p className="muted">
        {tr(`activity.${activity.data.kind}`, activity.data.kind)} · {when}
      </p>
    </li>
  );
}
