import type { Queryable } from '@medlink/platform/db';

export type ReminderKind = '24h' | '2h';
export type ReminderStatus = 'scheduled' | 'sent' | 'cancelled' | 'skipped';

const LEAD_MINUTES: Record<ReminderKind, number> = { '24h': 24 * 60, '2h': 2 * 60 };

/**
 * (Re)writes both reminders of an appointment for its current start, in the caller's transaction.
 * A reminder already due at `now` (a booking made less than 2 hours ahead) is recorded as skipped.
 */
export async function writeReminders(tx: Queryable, appointmentId: string, startsAt: Date, now: Date): Promise<void> {
  for (const [kind, minutes] of Object.entries(LEAD_MINUTES)) {
    const dueAt = new Date(startsAt.getTime() - minutes * 60_000);
    await tx.query(
      `INSERT INTO appointment_reminders (appointment_id, kind, due_at, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (appointment_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, status = EXCLUDED.status, attempts = 0, updated_at = now()`,
      [appointmentId, kind, dueAt, dueAt.getTime() <= now.getTime() ? 'skipped' : 'scheduled'],
    );
  }
}

/** Cancels the reminders not yet sent (cancellation, decline, completion, no-show). */
export async function cancelReminders(tx: Queryable, appointmentId: string): Promise<void> {
  await tx.query(
    `UPDATE appointment_reminders SET status = 'cancelled', updated_at = now() WHERE appointment_id = $1 AND status = 'scheduled'`,
    [appointmentId],
  );
}

export interface DueReminder {
  id: string;
  kind: ReminderKind;
  dueAt: Date;
  appointmentId: string;
  patientId: string;
  practitionerId: string;
  facilityId: string | null;
  mode: 'in_person' | 'remote';
  startsAt: Date;
  status: 'requested' | 'confirmed';
}

/** Scheduled reminders due by `now` for live appointments, oldest first. */
export async function findDueReminders(db: Queryable, now: Date, limit: number): Promise<DueReminder[]> {
  const result = await db.query<{
    id: string;
    kind: ReminderKind;
    due_at: Date;
    appointment_id: string;
    patient_id: string;
    practitioner_id: string;
    facility_id: string | null;
    mode: 'in_person' | 'remote';
    starts_at: Date;
    status: 'requested' | 'confirmed';
  }>(
    `SELECT r.id, r.kind, r.due_at, a.id AS appointment_id, a.patient_id, a.practitioner_id, a.facility_id, a.mode, a.starts_at, a.status
       FROM appointment_reminders r JOIN appointments a ON a.id = r.appointment_id
      WHERE r.status = 'scheduled' AND r.due_at <= $1 AND a.status IN ('requested', 'confirmed') AND a.starts_at > $1
      ORDER BY r.due_at, r.id
      LIMIT $2`,
    [now, limit],
  );
  return result.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    dueAt: row.due_at,
    appointmentId: row.appointment_id,
    patientId: row.patient_id,
    practitionerId: row.practitioner_id,
    facilityId: row.facility_id,
    mode: row.mode,
    startsAt: row.starts_at,
    status: row.status,
  }));
}

/**
 * Moves a scheduled reminder to its final state; returns false when it was no longer scheduled.
 * A worker marks 'sent' in the transaction that queues the message: the one that gets true sends it,
 * so two workers never send the same reminder.
 */
export async function markReminder(
  db: Queryable,
  id: string,
  status: Exclude<ReminderStatus, 'scheduled'>,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE appointment_reminders SET status = $2, attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'scheduled'`,
    [id, status],
  );
  return result.rowCount > 0;
}

export async function findRemindersOf(
  db: Queryable,
  appointmentId: string,
): Promise<{ kind: ReminderKind; dueAt: Date; status: ReminderStatus }[]> {
  const result = await db.query<{ kind: ReminderKind; due_at: Date; status: ReminderStatus }>(
    'SELECT kind, due_at, status FROM appointment_reminders WHERE appointment_id = $1 ORDER BY kind',
    [appointmentId],
  );
  return result.rows.map((row) => ({ kind: row.kind, dueAt: row.due_at, status: row.status }));
}
