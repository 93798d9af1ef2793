import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import {
  demoteOwner,
  findActiveParticipantIds,
  findConsultation,
  findParticipants,
  insertActivity,
  insertInvitedParticipant,
  isVerifiedPractitioner,
  setOwner,
  touchConsultation,
  type ConsultationRow,
} from './consultations.repository';
import { activityActorOf, publishConsultationEvent, toConsultationSummaryDto } from './consultation-events';
import { loadConsultationForCaller } from './load-consultation-for-caller';

/** A participant invites a verified colleague; the colleague is told live. */
export async function inviteParticipant(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { consultationId: string; practitionerId: string },
) {
  const { participant } = await loadConsultationForCaller(deps.db, principal, input.consultationId, {
    participantOnly: true,
  });
  if (!participant) throw notFound('Consultation');
  const result = await deps.db.transaction(async (tx) => {
    if (!(await isVerifiedPractitioner(tx, input.practitionerId))) throw notVerified();
    const added = await insertInvitedParticipant(tx, {
      consultationId: input.consultationId,
      practitionerId: input.practitionerId,
      invitedBy: participant.practitioner_id,
    });
    const consultation = await findConsultation(tx, input.consultationId);
    if (!consultation) throw notFound('Consultation');
    if (added) {
      await insertActivity(tx, {
        consultationId: consultation.id,
        kind: 'invited',
        ...activityActorOf(principal),
        practitionerId: input.practitionerId,
      });
      await writeAudit(tx, {
        principal,
        action: 'consultation.invite',
        recordType: 'consultation',
        recordId: consultation.id,
        patientId: consultation.patient_id,
        details: { practitionerId: input.practitionerId },
      });
    }
    return { added, consultation, ...(await participantsOf(tx, consultation)) };
  });
  if (result.added) {
    publishConsultationEvent(deps, {
      type: 'consultation.invited',
      consultationId: input.consultationId,
      practitionerIds: [input.practitionerId],
      payload: {
        consultation: toConsultationSummaryDto(result.consultation),
        role: 'invited',
        invitedBy: participant.practitioner_id,
      },
    });
  }
  return { consultation: toConsultationSummaryDto(result.consultation), participants: result.participants };
}

/** The owner (or an admin) hands the case to a verified colleague; the former owner stays as invited. */
export async function handOverConsultation(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: { consultationId: string; practitionerId: string },
) {
  const access = await loadConsultationForCaller(deps.db, principal, input.consultationId);
  if (!access.isAdmin && access.participant?.role !== 'owner')
    throw new AppError({ code: 'forbidden', detail: 'Only the owner or an admin may hand over this consultation' });
  const result = await deps.db.transaction(async (tx) => {
    const before = await findConsultation(tx, input.consultationId, { lock: true });
    if (!before) throw notFound('Consultation');
    if (!(await isVerifiedPractitioner(tx, input.practitionerId))) throw notVerified();
    const changed = before.owner_practitioner_id !== input.practitionerId;
    if (changed) {
      await demoteOwner(tx, before.id);
      await setOwner(tx, before.id, input.practitionerId);
      await touchConsultation(tx, before.id);
      await insertActivity(tx, {
        consultationId: before.id,
        kind: 'handed_over',
        ...activityActorOf(principal),
        practitionerId: input.practitionerId,
        details: { from: before.owner_practitioner_id, to: input.practitionerId },
      });
      await writeAudit(tx, {
        principal,
        action: 'consultation.handover',
        recordType: 'consultation',
        recordId: before.id,
        patientId: before.patient_id,
        details: { from: before.owner_practitioner_id, to: input.practitionerId },
      });
    }
    const consultation = await findConsultation(tx, before.id);
    if (!consultation) throw notFound('Consultation');
    return {
      changed,
      previousOwner: before.owner_practitioner_id,
      consultation,
      ...(await participantsOf(tx, consultation)),
    };
  });
  if (result.changed) {
    publishConsultationEvent(deps, {
      type: 'consultation.updated',
      consultationId: input.consultationId,
      practitionerIds: [...result.participantIds, result.previousOwner],
      payload: {
        consultation: toConsultationSummaryDto(result.consultation),
        change: 'handed_over',
        from: result.previousOwner,
        to: input.practitionerId,
      },
    });
  }
  return { consultation: toConsultationSummaryDto(result.consultation), participants: result.participants };
}

async function participantsOf(tx: Parameters<typeof findParticipants>[0], consultation: ConsultationRow) {
  const rows = await findParticipants(tx, consultation.id);
  return {
    participants: rows
      .filter((row) => row.left_at === null)
      .map((row) => ({ practitionerId: row.practitioner_id, fullName: row.full_name, role: row.role })),
    participantIds: await findActiveParticipantIds(tx, consultation.id),
  };
}

const notVerified = () =>
  new AppError({
    code: 'validation_failed',
    detail: 'The request body is invalid',
    errors: [{ path: 'body.practitionerId', message: 'must be a verified practitioner' }],
  });
