import type { Queryable } from '@medlink/platform/db';
import type { ChannelId } from '../channels/types';

export interface ReminderToSend {
  id: string;
  kind: '24h' | '2h';
  dueAt: Date;
  startsAt: Date;
  appointmentId: string;
  patientId: string;
  lang: 'fr' | 'en';
  isOptedOut: boolean;
  practitionerName: string;
  practitionerTimeZone: string;
  facilityName: string | null;
  facilityTimeZone: string | null;
}

/** A reminder still due and its appointment still live, locked for the caller's transaction. */
export async function lockDueReminder(tx: Queryable, id: string, now: Date): Promise<ReminderToSend | undefined> {
  const result = await tx.query<{
    id: string;
    kind: '24h' | '2h';
    due_at: Date;
    starts_at: Date;
    appointment_id: string;
    patient_id: string;
    preferred_language: 'fr' | 'en';
    opted_out_at: Date | null;
    full_name: string;
    time_zone: string;
    facility_name: string | null;
    facility_time_zone: string | null;
  }>(
    `SELECT r.id, r.kind, r.due_at, a.starts_at, a.id AS appointment_id, a.patient_id, p.preferred_language, p.opted_out_at,
            pr.full_name, pr.time_zone, f.name AS facility_name, f.time_zone AS facility_time_zone
       FROM appointment_reminders r
       JOIN appointments a ON a.id = r.appointment_id
       JOIN patients p ON p.id = a.patient_id
       JOIN practitioners pr ON pr.id = a.practitioner_id
       LEFT JOIN facilities f ON f.id = a.facility_id
      WHERE r.id = $1 AND r.status = 'scheduled' AND r.due_at <= $2 AND a.status IN ('requested', 'confirmed') AND a.starts_at > $2
      FOR UPDATE OF r`,
    [id, now],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    dueAt: row.due_at,
    startsAt: row.starts_at,
    appointmentId: row.appointment_id,
    patientId: row.patient_id,
    lang: row.preferred_language,
    isOptedOut: row.opted_out_at !== null,
    practitionerName: row.full_name,
    practitionerTimeZone: row.time_zone,
    facilityName: row.facility_name,
    facilityTimeZone: row.facility_time_zone,
  };
}

/** Where to reach the patient: the channel they last wrote from (not USSD, which cannot push), else SMS to their phone. */
export async function findReminderTarget(
  tx: Queryable,
  patientId: string,
  smsChannel: ChannelId | undefined,
): Promise<{ channel: string; contactAddress: string } | undefined> {
  const latest = await tx.query<{ channel: string; contact_address: string }>(
    `SELECT channel, contact_address FROM messages
      WHERE patient_id = $1 AND direction = 'in' AND channel <> 'africastalking-ussd'
      ORDER BY created_at DESC LIMIT 1`,
    [patientId],
  );
  const row = latest.rows[0];
  if (row) return { channel: row.channel, contactAddress: row.contact_address };
  if (!smsChannel) return undefined;
  const phone = await tx.query<{ address: string }>(
    `SELECT address FROM patient_identities WHERE patient_id = $1 AND kind = 'phone' ORDER BY created_at LIMIT 1`,
    [patientId],
  );
  const address = phone.rows[0]?.address;
  return address ? { channel: smsChannel, contactAddress: address } : undefined;
}

export async function findScheduledReminders(
  db: Queryable,
  appointmentId: string,
): Promise<{ id: string; dueAt: Date }[]> {
  const result = await db.query<{ id: string; due_at: Date }>(
    `SELECT id, due_at FROM appointment_reminders WHERE appointment_id = $1 AND status = 'scheduled'`,
    [appointmentId],
  );
  return result.rows.map((row) => ({ id: row.id, dueAt: row.due_at }));
}
