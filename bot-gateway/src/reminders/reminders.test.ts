import { writeReminders } from '@medlink/core-api/appointments/appointment-reminders.repository';
import type { Db } from '@medlink/platform/db';
import { createLogger } from '@medlink/platform/logger';
import { openMigratedTestDb } from '../../test/migrated-test-db';
import { startReminderScheduler } from './reminder-scheduler';
import { sendDueReminder } from './send-due-reminder';

/** Reminders from appointment_reminders rows to outbox rows, on a real PostgreSQL database, clock fixed. */
let db: Db;
let closeDb: () => Promise<void>;
const STARTS_AT = new Date('2026-12-01T09:00:00Z');
const BOOKED_AT = new Date('2026-11-26T09:00:00Z');

beforeAll(async () => {
  ({ db, close: closeDb } = await openMigratedTestDb());
});
afterAll(() => closeDb());

async function bookAppointment(phone: string, lang: 'fr' | 'en', optedOut = false): Promise<string> {
  const patient = await db.query<{ id: string }>(
    `INSERT INTO patients (preferred_language, opted_out_at) VALUES ($1, $2) RETURNING id`,
    [lang, optedOut ? BOOKED_AT : null],
  );
  const patientId = patient.rows[0]?.id;
  await db.query(`INSERT INTO patient_identities (patient_id, kind, address) VALUES ($1, 'phone', $2)`, [
    patientId,
    phone,
  ]);
  const practitioner = await db.query<{ id: string }>(
    `INSERT INTO practitioners (full_name, licence_number, verification_status, time_zone) VALUES ('Dr Amina Sow', $1, 'verified', 'Africa/Dakar') RETURNING id`,
    [`LIC-${phone}`],
  );
  const appointment = await db.query<{ id: string }>(
    `INSERT INTO appointments (practitioner_id, patient_id, mode, starts_at, ends_at) VALUES ($1, $2, 'remote', $3, $4) RETURNING id`,
    [practitioner.rows[0]?.id, patientId, STARTS_AT, new Date(STARTS_AT.getTime() + 30 * 60_000)],
  );
  const id = appointment.rows[0]?.id ?? '';
  await writeReminders(db, id, STARTS_AT, BOOKED_AT);
  return id;
}

const outboxOf = (phone: string) =>
  db.query<{ channel: string; body: string; segments: number | null }>(
    `SELECT channel, body, segments FROM messages WHERE direction = 'out' AND contact_address = $1`,
    [phone],
  );

describe('reminders', () => {
  test('a due reminder becomes one SMS outbox row in the patient’s language, once, whoever sends it', async () => {
    const id = await bookAppointment('+221770000001', 'fr');
    const dayBefore = new Date(STARTS_AT.getTime() - 23 * 3600_000);
    const reminder = await db.query<{ id: string }>(
      `SELECT id FROM appointment_reminders WHERE appointment_id = $1 AND kind = '24h'`,
      [id],
    );
    const reminderId = reminder.rows[0]?.id ?? '';
    const deps = { db, clock: () => dayBefore, smsChannel: 'africastalking-sms' as const };
    const results = await Promise.all([sendDueReminder(deps, reminderId), sendDueReminder(deps, reminderId)]);
    expect(results.sort()).toEqual(['not-due', 'sent']);
    const rows = (await outboxOf('+221770000001')).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.channel).toBe('africastalking-sms');
    expect(rows[0]?.body).toContain('Rappel MedLink');
    expect(rows[0]?.body).toContain('Dr Amina Sow');
    expect(rows[0]?.segments).toBeGreaterThanOrEqual(1);
  });

  test("a remote appointment's reminder gives the time where the patient is, not the doctor's", async () => {
    // The doctor is in Dakar (UTC), the patient's number is Kenyan (UTC+3): 09:00 UTC is 12:00 for the patient.
    const id = await bookAppointment('+254711000099', 'en');
    const reminder = await db.query<{ id: string }>(
      `SELECT id FROM appointment_reminders WHERE appointment_id = $1 AND kind = '24h'`,
      [id],
    );
    const deps = {
      db,
      clock: () => new Date(STARTS_AT.getTime() - 23 * 3600_000),
      smsChannel: 'africastalking-sms' as const,
    };
    expect(await sendDueReminder(deps, reminder.rows[0]?.id ?? '')).toBe('sent');
    const [row] = (await outboxOf('+254711000099')).rows;
    expect(row?.body).toContain('appointment Tue 1 Dec 12:00 with Dr Amina Sow, remote consultation');
  });

  test('a reminder not yet due sends nothing; after STOP it is skipped', async () => {
    const id = await bookAppointment('+221770000002', 'en', true);
    const reminder = await db.query<{ id: string }>(
      `SELECT id FROM appointment_reminders WHERE appointment_id = $1 AND kind = '2h'`,
      [id],
    );
    const reminderId = reminder.rows[0]?.id ?? '';
    expect(await sendDueReminder({ db, clock: () => BOOKED_AT, smsChannel: 'africastalking-sms' }, reminderId)).toBe(
      'not-due',
    );
    expect(
      await sendDueReminder(
        { db, clock: () => new Date(STARTS_AT.getTime() - 3600_000), smsChannel: 'africastalking-sms' },
        reminderId,
      ),
    ).toBe('skipped');
    expect((await outboxOf('+221770000002')).rows).toHaveLength(0);
  });

  test('the sweep sends what is due (the safety net for a lost timer or job), the 2-hour reminder superseding the late day-before one', async () => {
    await bookAppointment('+221770000003', 'en');
    const scheduler = startReminderScheduler({
      db,
      clock: () => new Date(STARTS_AT.getTime() - 90 * 60_000),
      logger: createLogger({ service: 'test', level: 'silent' }),
      prefix: 'test',
      smsChannel: 'twilio-sms',
      sweepIntervalMs: 3_600_000,
    });
    await scheduler.sweep();
    await scheduler.close();
    const rows = (await outboxOf('+221770000003')).rows;
    expect(rows.map((row) => row.body)).toEqual([expect.stringContaining('MedLink reminder')]);
  });
});
