import type { Queryable } from '@medlink/platform/db';
import { channelSchema } from '../messages/message-channels';
import { findLastInboundAt, findLatestInboundChannel, findPatientForMessaging } from '../messages/messages.repository';
import { queueOutboundMessage } from '../messages/queue-outbound-message';

export type PatientNotice = 'confirmed' | 'declined' | 'rescheduled';

const TEXTS: Record<'fr' | 'en', Record<PatientNotice, (when: string, reason: string) => string>> = {
  fr: {
    confirmed: (when) => `MedLink : votre rendez-vous du ${when} est confirmé.`,
    declined: (when, reason) =>
      `MedLink : votre demande de rendez-vous du ${when} n'a pas pu être acceptée${reason ? ` (${reason})` : ''}. Écrivez MENU pour choisir un autre créneau.`,
    rescheduled: (when) =>
      `MedLink : votre rendez-vous est déplacé au ${when}. Écrivez MENU pour le modifier ou l'annuler.`,
  },
  en: {
    confirmed: (when) => `MedLink: your appointment on ${when} is confirmed.`,
    declined: (when, reason) =>
      `MedLink: your appointment request for ${when} could not be accepted${reason ? ` (${reason})` : ''}. Send MENU to choose another time.`,
    rescheduled: (when) => `MedLink: your appointment has moved to ${when}. Send MENU to change or cancel it.`,
  },
};

/**
 * When staff confirm, decline or move an appointment, the patient is told on the channel they last wrote
 * from, in their language, in the same transaction as the change (the gateway's outbox sends it). The
 * patient booked it, so this is a message they asked for; a patient who never wrote from a channel (booked
 * by staff on their behalf) is not messaged.
 */
export async function notifyPatientOfChange(
  tx: Queryable,
  change: {
    appointmentId: string;
    patientId: string;
    startsAt: Date;
    notice: PatientNotice;
    reason?: string | null;
    now: Date;
  },
): Promise<boolean> {
  const patient = await findPatientForMessaging(tx, change.patientId);
  if (!patient || patient.erased_at) return false;
  const channel = channelSchema
    .optional()
    .catch(undefined)
    .parse(await findLatestInboundChannel(tx, patient.id));
  if (!channel) return false;
  const when = formatWhen(
    change.startsAt,
    await findAppointmentTimeZone(tx, change.appointmentId),
    patient.preferred_language,
  );
  await queueOutboundMessage(tx, {
    patient,
    channel,
    consultationId: null,
    text: TEXTS[patient.preferred_language][change.notice](when, change.reason ?? ''),
    authorPractitionerId: null,
    idempotencyKey: `appointment:${change.appointmentId}:${change.notice}:${change.startsAt.toISOString()}`,
    lastPatientMessageAt: await findLastInboundAt(tx, patient.id, channel),
    solicited: true,
    now: change.now,
  });
  return true;
}

async function findAppointmentTimeZone(tx: Queryable, appointmentId: string): Promise<string> {
  const result = await tx.query<{ time_zone: string }>(
    `SELECT coalesce(f.time_zone, p.time_zone, 'UTC') AS time_zone
       FROM appointments a JOIN practitioners p ON p.id = a.practitioner_id LEFT JOIN facilities f ON f.id = a.facility_id
      WHERE a.id = $1`,
    [appointmentId],
  );
  return result.rows[0]?.time_zone ?? 'UTC';
}

export function formatWhen(instant: Date, timeZone: string, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}
