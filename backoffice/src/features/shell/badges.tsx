'use client';

import { useI18n } from '../../i18n/i18n-provider';

export function ChannelBadge({ channel }: { channel: string }) {
  const { tr } = useI18n();
  const kind = channel.endsWith('whatsapp') ? 'wa' : channel.endsWith('ussd') ? 'ussd' : 'sms';
  return (
    <span className={`badge channel-${kind}`} title={channel}>
      {tr(`channel.${channel}`, channel)}
    </span>
  );
}

export function LevelBadge({ level }: { level: string }) {
  const { tr } = useI18n();
  return <span className={`badge level-${level}`}>{tr(`level.${level}`, level)}</span>;
}

const TICKS: Record<string, string> = {
  queued: '…',
  sending: '…',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '✕',
  dead: '✕',
};

/** Ticks for sighted users, the word for everyone (screen readers read the label, not the glyphs). */
export function DeliveryTicks({ status }: { status: string }) {
  const { tr } = useI18n();
  const label = tr(`delivery.${status}`, status);
  return (
    <span className={`ticks ticks-${status}`} data-status={status}>
      <span aria-hidden="true">{TICKS[status] ?? ''}</span> {label}
    </span>
  );
}
