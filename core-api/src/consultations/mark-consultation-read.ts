import type { CoreApiDeps } from '../deps';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { markRead } from './consultations.repository';
import { loadConsultationForCaller } from './load-consultation-for-caller';

export async function markConsultationRead(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  consultationId: string,
) {
  const { participant } = await loadConsultationForCaller(deps.db, principal, consultationId, {
    participantOnly: true,
  });
  if (!participant) throw notFound('Consultation');
  const lastReadAt = await markRead(deps.db, consultationId, participant.practitioner_id);
  if (!lastReadAt) throw notFound('Consultation');
  return { consultationId, lastReadAt: lastReadAt.toISOString(), unreadCount: 0 };
}
