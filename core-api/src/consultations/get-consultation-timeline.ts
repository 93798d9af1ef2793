import { decryptFieldText } from '@medlink/platform/encryption';
import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { openWithDataKeys, type DataKeys } from '../shared/data-keys';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { findFilesOfConsultation, toFileDto } from '../files/files.repository';
import { channelLimitsFor, channelSchema, replyChannelFor } from '../messages/message-channels';
import { findMessagesOfConsultation, findStatusEvents } from '../messages/messages.repository';
import { toMessageDto } from '../messages/to-message-dto';
import {
  findAppointmentsOfPatient,
  findPatientSummary,
  findTriageRecordsOfPatient,
} from './consultation-reads.repository';
import { findNotes, type NoteRow } from './consultation-notes.repository';
import { findActivities, findParticipants } from './consultations.repository';
import { toConsultationSummaryDto } from './consultation-events';
import { loadConsultationForCaller } from './load-consultation-for-caller';

export const noteContext = (noteId: string) => `consultation-note:${noteId}`;

/** Equal times (one transaction) read best as: what was known, what happened, what was said. Sorting is stable within a kind. */
const KIND_ORDER: Entry['kind'][] = ['triage', 'activity', 'message', 'appointment', 'file', 'note'];

interface Entry {
  kind: 'triage' | 'message' | 'appointment' | 'file' | 'note' | 'activity';
  at: string;
  id: string;
  data: Record<string, unknown>;
}

/**
 * Everything about one consultation in time order: triage results, messages on every channel with their
 * delivery history, the patient's appointments, files, activity and, for participants only, private notes.
 */
export async function getConsultationTimeline(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  consultationId: string,
) {
  const { consultation, participant } = await loadConsultationForCaller(deps.db, principal, consultationId);
  const patient = await findPatientSummary(deps.db, consultation.patient_id);
  if (!patient) throw notFound('Consultation');
  const [messages, triage, appointments, files, activities, participants] = await Promise.all([
    findMessagesOfConsultation(deps.db, consultation.id),
    findTriageRecordsOfPatient(deps.db, patient.id),
    findAppointmentsOfPatient(deps.db, patient.id),
    findFilesOfConsultation(deps.db, consultation.id),
    findActivities(deps.db, consultation.id),
    findParticipants(deps.db, consultation.id),
  ]);
  const notes = participant ? await findNotes(deps.db, consultation.id) : [];
  const history = await findStatusEvents(
    deps.db,
    messages.map((message) => message.id),
  );
  const entries: Entry[] = [
    ...triage.map((row) =>
      entry('triage', row.created_at, row.id, {
        level: row.level,
        specialty: row.specialty,
        drivingFindings: row.driving_findings,
        findings: row.findings,
        complaintText: row.complaint_text,
        channel: row.channel,
        protocolVersion: row.protocol_version,
        isThisConsultation: row.id === consultation.triage_record_id,
      }),
    ),
    ...messages.map((row) => entry('message', row.created_at, row.id, toMessageDto(row, history.get(row.id)))),
    ...appointments.map((row) =>
      entry('appointment', row.created_at, row.id, {
        practitionerId: row.practitioner_id,
        practitionerName: row.practitioner_name,
        facilityId: row.facility_id,
        mode: row.mode,
        specialty: row.specialty,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        status: row.status,
      }),
    ),
    ...files.map((row) => entry('file', row.created_at, row.id, toFileDto(row))),
    ...activities.map((row) =>
      entry('activity', row.created_at, row.id, {
        kind: row.kind,
        actorType: row.actor_type,
        actorId: row.actor_id,
        practitionerId: row.practitioner_id,
        details: row.details,
      }),
    ),
    ...notes.map((row) =>
      entry('note', row.created_at, row.id, {
        authorPractitionerId: row.author_practitioner_id,
        authorName: row.author_name,
        text: openNoteText(deps.secrets, row),
      }),
    ),
  ].sort((a, b) => a.at.localeCompare(b.at) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  await writeAudit(deps.db, {
    principal,
    action: 'consultation.read',
    recordType: 'consultation',
    recordId: consultation.id,
    patientId: patient.id,
    details: { notes: notes.length, messages: messages.length, files: files.length },
  });
  const channel = channelSchema.catch('africastalking-sms').parse(consultation.channel);
  return {
    consultation: toConsultationSummaryDto(consultation),
    patient: {
      id: patient.id,
      displayName: patient.display_name,
      preferredLanguage: patient.preferred_language,
      birthYear: patient.birth_year,
      sex: patient.sex,
      optedOut: patient.opted_out_at !== null,
    },
    participants: participants.map((row) => ({
      practitionerId: row.practitioner_id,
      fullName: row.full_name,
      role: row.role,
      joinedAt: row.joined_at.toISOString(),
      leftAt: row.left_at?.toISOString() ?? null,
    })),
    replyLimits: channelLimitsFor(replyChannelFor(channel), '', consultation.last_patient_message_at, deps.clock()),
    entries,
  };
}

function entry(kind: Entry['kind'], at: Date, id: string, data: Record<string, unknown>): Entry {
  return { kind, at: at.toISOString(), id, data };
}

/** During a key rotation a note may still be sealed under the previous key (DATA_ENCRYPTION_KEY_PREVIOUS). */
function openNoteText(keys: DataKeys, note: NoteRow): string {
  return openWithDataKeys(keys, (key) => decryptFieldText(key, note.body_ciphertext, noteContext(note.id))).value;
}
