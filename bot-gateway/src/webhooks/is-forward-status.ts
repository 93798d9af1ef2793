import { DELIVERY_STATUS_RANK, type DeliveryStatus, type MessageRowStatus } from '../channels/types';

/**
 * Whether a delivery status may replace the current one. Callbacks come late, twice and out of
 * order, so a status only moves forward (queued → sent → delivered → read). `failed` ends the
 * progression, with one exception: a later `delivered`/`read` wins, because some carriers report a
 * receipt timeout as failure and then the real receipt; the handset's word is the truth.
 */
export function isForwardStatus(from: MessageRowStatus, to: DeliveryStatus): boolean {
  if (from === 'received' || from === to) return false;
  if (from === 'failed' || from === 'dead') return to === 'delivered' || to === 'read';
  if (to === 'failed') return from === 'queued' || from === 'sending' || from === 'sent';
  return DELIVERY_STATUS_RANK[to] > progressRank(from);
}

function progressRank(status: Exclude<MessageRowStatus, 'received' | 'failed' | 'dead'>): number {
  return status === 'sending' ? DELIVERY_STATUS_RANK.queued : DELIVERY_STATUS_RANK[status];
}
