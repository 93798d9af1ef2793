'use client';

import { useI18n } from '../../i18n/i18n-provider';

export function LiveStatus({ connected }: { connected: boolean }) {
  const { t } = useI18n();
  return (
    <span className={connected ? 'live on' : 'live off'} data-live={connected ? 'on' : 'off'}>
      <span aria-hidden="true">●</span> {connected ? t('live.connected') : t('live.disconnected')}
    </span>
  );
}
