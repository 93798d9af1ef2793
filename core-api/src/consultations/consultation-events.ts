import type { CoreApiDeps } from '../deps';
import type { Principal } from '../shared/principal';
import type { ConsultationRow } from './consultations.repository';

export type ConsultationEventType =
  'consultation.message' | 'consultation.updated' | 'consultation.invited' | 'message.status';

/** Published after commit only: a rolled-back change must never reach a screen. */
export function publishConsultationEvent(
  deps: CoreApiDeps,
  event: {
    type: ConsultationEventType;
    consultationId: string;
    practitionerIds: (string | null | undefined)[];
    payload: Record<string, unknown>;
  },
): void {
  const practitionerRooms = [...new Set(event.practitionerIds.filter((id): id is string => Boolean(id)))].map(
    (id) => `practitioner:${id}`,
  );
  try {
    deps.publish({
      type: event.type,
      rooms: [`consultation:${event.consultationId}`, ...practitionerRooms],
      payload: event.payload,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, type: event.type, consultationId: event.consultationId },
      'publishing a live event failed',
    );
  }
}

export function toConsultationSummaryDto(row: ConsultationRow) {
  return {
    id: row.id,
    patientId: row.patient_id,
    status: row.status,
    channel: row.channel,
    subject: row.subject,
    specialty: row.specialty,
    triageRecordId: row.triage_record_id,
    appointmentId: row.appointment_id,
    ownerPractitionerId: row.owner_practitioner_id,
    lastActivityAt: row.last_activity_at.toISOString(),
    lastPatientMessageAt: row.last_patient_message_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Who an activity entry names: staff user, machine client or the system. */
export function activityActorOf(principal: Principal | undefined): {
  actorType: 'user' | 'client' | 'system';
  actorId: string | null;
} {
  if (principal?.kind === 'client') return { actorType: 'client', actorId: principal.clientId };
  if (principal?.kind === 'user') return { actorType: 'user', actorId: principal.userId };
  return { actorType: 'system', actorId: null };
}
