import { markReminder } from '@medlink/core-api/appointments/appointment-reminders.repository';
import type { Db } from '@medlink/platform/db';
import { readingTimeZone } from '../actions/appointment-time-zone';
import { formatWhen } from '../actions/format-when';
import type { ChannelId } from '../channels/types';
import { insertOutboxMessage } from '../conversations/conversations.repository';
import { countSmsSegments } from '../sms/count-sms-segments';
import { findReminderTarget, lockDueReminder, type ReminderToSend } from './reminders.repository';

/**
 * Turns one due reminder into an outbox row, in the transaction that marks it sent: whichever of the
 * delayed job, the timer or the sweep gets there first sends it, the others find it no longer scheduled.
 */
export async function sendDueReminder(
  deps: { db: Db; clock: () => Date; smsChannel?: ChannelId },
  reminderId: string,
): Promise<'sent' | 'skipped' | 'not-due'> {
  return deps.db.transaction(async (tx) => {
    const reminder = await lockDueReminder(tx, reminderId, deps.clock());
    if (!reminder) return 'not-due';
    // Sent late (a restart, a sweep), the day-before reminder is superseded once the 2-hour one is due.
    const isSuperseded =
      reminder.kind === '24h' && reminder.startsAt.getTime() - deps.clock().getTime() <= TWO_HOURS_MS;
    const target =
      reminder.isOptedOut || isSuperseded
        ? undefined
        : await findReminderTarget(tx, reminder.patientId, deps.smsChannel);
    if (!target) {
      await markReminder(tx, reminder.id, 'skipped');
      return 'skipped';
    }
    const text = reminderText(reminder, target.contactAddress);
    const count = countSmsSegments(text);
    const isSms = target.channel.endsWith('-sms');
    await insertOutboxMessage(tx, {
      channel: target.channel,
      contactAddress: target.contactAddress,
      content: { text },
      idempotencyKey: `reminder:${reminder.id}`,
      ...(isSms ? { segments: count.segments, encoding: count.encoding } : {}),
    });
    await markReminder(tx, reminder.id, 'sent');
    return 'sent';
  });
}

const TWO_HOURS_MS = 2 * 3600_000;

/** The reminder as the patient reads it: the time where they will be (the facility, or their own country). */
export function reminderText(reminder: ReminderToSend, contactAddress: string): string {
  const when = formatWhen(reminder.startsAt, reminder.lang, readingTimeZone({ ...reminder, contactAddress }));
  const place = reminder.facilityName ?? (reminder.lang === 'en' ? 'remote consultation' : 'téléconsultation');
  return reminder.lang === 'en'
    ? `MedLink reminder: appointment ${when} with ${reminder.practitionerName}, ${place}. Reply CANCEL or MOVE to change it.`
    : `Rappel MedLink : rendez-vous ${when} avec ${reminder.practitionerName}, ${place}. Répondez ANNULER ou DEPLACER pour le changer.`;
}
