import type { z } from 'zod';
import type { Queryable } from '@medlink/platform/db';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { AppError, notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { identityKindOf } from '../messages/message-channels';
import {
  findIdentityAddress,
  findPatientForMessaging,
  insertInboundMessage,
  linkInboundMessage,
  type MessageRow,
} from '../messages/messages.repository';
import { GENERAL_SPECIALTY, chooseOwner } from './choose-owner';
import {
  findActiveParticipantIds,
  findConsultation,
  findLiveConsultationOfPatient,
  findRoutingCandidates,
  findTriageRecordOfPatient,
  insertActivity,
  insertConsultation,
  isAppointmentOfPatient,
  setOwner,
  updateConsultationOnPatientMessage,
  type ConsultationRow,
} from './consultations.repository';
import { activityActorOf, publishConsultationEvent, toConsultationSummaryDto } from './consultation-events';
import { toMessageDto } from '../messages/to-message-dto';
import type { openConsultationBody } from './consultations.schemas';

type OpenConsultationInput = z.infer<typeof openConsultationBody>;

/**
 * The patient's "ask a doctor", through the gateway: continues their live consultation or opens and
 * routes a new one, then appends their message (the row the gateway stored, or a new inbound row).
 */
export async function openConsultation(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  input: OpenConsultationInput,
) {
  const result = await deps.db.transaction(async (tx) => {
    const patient = await findPatientForMessaging(tx, input.patientId, { lock: true });
    if (!patient || patient.erased_at) throw fieldError('body.patientId', 'no such patient');
    const triage = input.triageRecordId
      ? await findTriageRecordOfPatient(tx, input.triageRecordId, patient.id)
      : undefined;
    if (input.triageRecordId && !triage)
      throw fieldError('body.triageRecordId', 'no such triage record for this patient');
    if (input.appointmentId && !(await isAppointmentOfPatient(tx, input.appointmentId, patient.id))) {
      throw fieldError('body.appointmentId', 'no such appointment for this patient');
    }
    const specialty = input.specialty ?? triage?.specialty ?? null;
    let consultationId = (await findLiveConsultationOfPatient(tx, patient.id))?.id;
    const created = !consultationId;
    if (!consultationId) {
      const owner = chooseOwner(
        (await findRoutingCandidates(tx, specialty ?? GENERAL_SPECIALTY)).map((row) => ({
          ...row,
          openLoad: row.open_load,
        })),
        { specialty: specialty ?? GENERAL_SPECIALTY, language: patient.preferred_language },
      );
      consultationId = await insertConsultation(tx, {
        patientId: patient.id,
        status: owner ? 'open' : 'pending',
        channel: input.channel,
        subject: input.subject ?? null,
        specialty,
        triageRecordId: input.triageRecordId ?? null,
        appointmentId: input.appointmentId ?? null,
      });
      const actor = activityActorOf(principal);
      await insertActivity(tx, { consultationId, kind: 'opened', ...actor, details: { channel: input.channel } });
      if (owner) {
        await setOwner(tx, consultationId, owner.id);
        await insertActivity(tx, {
          consultationId,
          kind: 'routed',
          actorType: 'system',
          actorId: 'routing',
          practitionerId: owner.id,
          details: { specialty },
        });
      }
    }
    const message = await appendPatientMessage(tx, { input, patientId: patient.id, consultationId });
    await updateConsultationOnPatientMessage(tx, {
      id: consultationId,
      channel: input.channel,
      triageRecordId: input.triageRecordId ?? null,
      appointmentId: input.appointmentId ?? null,
      specialty,
      patientMessageAt: message?.created_at ?? null,
    });
    await writeAudit(tx, {
      principal,
      action: created ? 'consultation.open' : 'consultation.continue',
      recordType: 'consultation',
      recordId: consultationId,
      patientId: patient.id,
      details: { messageId: message?.id ?? null },
    });
    const consultation = await findConsultation(tx, consultationId);
    if (!consultation) throw notFound('Consultation');
    return { consultation, created, message, participantIds: await findActiveParticipantIds(tx, consultationId) };
  });
  announce(deps, result);
  return result;
}

async function appendPatientMessage(
  tx: Queryable,
  args: { input: OpenConsultationInput; patientId: string; consultationId: string },
): Promise<MessageRow | undefined> {
  const { input, patientId, consultationId } = args;
  if (input.messageId) {
    const linked = await linkInboundMessage(tx, { messageId: input.messageId, patientId, consultationId });
    if (!linked) throw fieldError('body.messageId', 'no inbound message of this patient with this id');
    return linked;
  }
  if (!input.text) return undefined;
  const contactAddress = await findIdentityAddress(tx, patientId, identityKindOf(input.channel));
  if (!contactAddress) throw fieldError('body.channel', `the patient has no identity on ${input.channel}`);
  return insertInboundMessage(tx, {
    patientId,
    consultationId,
    channel: input.channel,
    contactAddress,
    body: input.text,
  });
}

function announce(
  deps: CoreApiDeps,
  result: {
    consultation: ConsultationRow;
    created: boolean;
    message: MessageRow | undefined;
    participantIds: string[];
  },
): void {
  const { consultation, created, message, participantIds } = result;
  const dto = toConsultationSummaryDto(consultation);
  if (created) {
    publishConsultationEvent(deps, {
      type: 'consultation.invited',
      consultationId: consultation.id,
      practitionerIds: participantIds,
      payload: { consultation: dto, role: 'owner' },
    });
  }
  if (message) {
    publishConsultationEvent(deps, {
      type: 'consultation.message',
      consultationId: consultation.id,
      practitionerIds: participantIds,
      payload: { consultation: dto, message: toMessageDto(message) },
    });
  }
}

const fieldError = (path: string, message: string) =>
  new AppError({ code: 'validation_failed', detail: 'The request body is invalid', errors: [{ path, message }] });
