import { Queue, Worker } from 'bullmq';
import { findDueReminders } from '@medlink/core-api/appointments/appointment-reminders.repository';
import type { Db } from '@medlink/platform/db';
import type { Logger } from '@medlink/platform/logger';
import type { ChannelId } from '../channels/types';
import { findScheduledReminders } from './reminders.repository';
import { sendDueReminder } from './send-due-reminder';

export interface ReminderScheduler {
  /** Schedules the appointment's pending reminders (after a booking or a move). */
  schedule(appointmentId: string): Promise<void>;
  /** The safety net: sends every reminder already due (lost job, restart, timer in another process). */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

// setTimeout holds at most ~24.8 days; later reminders wait for a sweep to bring them within range.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Due reminders become outbox rows: as delayed BullMQ jobs with `redisUrl` (they survive restarts and run
 * once across instances), as in-process timers otherwise; a periodic DB sweep catches whatever was missed.
 */
export function startReminderScheduler(options: {
  db: Db;
  clock: () => Date;
  logger: Logger;
  redisUrl?: string;
  prefix: string;
  smsChannel?: ChannelId;
  sweepIntervalMs?: number;
}): ReminderScheduler {
  const { db, clock, logger } = options;
  const send = (id: string) =>
    sendDueReminder({ db, clock, smsChannel: options.smsChannel }, id).catch((error: unknown) => {
      logger.error({ err: error, reminderId: id }, 'reminder not sent');
      throw error;
    });
  const connection = options.redisUrl ? { url: options.redisUrl, maxRetriesPerRequest: null } : undefined;
  const queue = connection ? new Queue('reminders', { connection, prefix: `${options.prefix}:reminders` }) : undefined;
  const worker = connection
    ? new Worker<{ reminderId: string }>('reminders', async (job) => send(job.data.reminderId), {
        connection,
        prefix: `${options.prefix}:reminders`,
        concurrency: 4,
      })
    : undefined;
  worker?.on('error', (error) => logger.warn({ err: error }, 'reminder worker error'));
  const timers = new Map<string, NodeJS.Timeout>();

  const scheduleOne = async (id: string, dueAt: Date) => {
    const delay = Math.max(0, dueAt.getTime() - clock().getTime());
    if (queue) {
      await queue.add(
        'reminder',
        { reminderId: id },
        {
          delay,
          jobId: `${id}-${dueAt.getTime()}`,
          removeOnComplete: 1000,
          removeOnFail: 1000,
          attempts: 5,
          backoff: { type: 'exponential', delay: 5_000 },
        },
      );
      return;
    }
    if (delay > MAX_TIMER_MS) return;
    clearTimeout(timers.get(id));
    const timer = setTimeout(() => {
      timers.delete(id);
      void send(id).catch(() => undefined);
    }, delay);
    timer.unref();
    timers.set(id, timer);
  };

  const sweep = async () => {
    let sent = 0;
    for (const due of await findDueReminders(db, clock(), 100)) if ((await send(due.id)) === 'sent') sent += 1;
    return sent;
  };
  const interval = setInterval(() => void sweep().catch(() => undefined), options.sweepIntervalMs ?? 60_000);
  interval.unref();

  return {
    async schedule(appointmentId) {
      for (const reminder of await findScheduledReminders(db, appointmentId))
        await scheduleOne(reminder.id, reminder.dueAt);
    },
    sweep,
    async close() {
      clearInterval(interval);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await worker?.close();
      await queue?.close();
    },
  };
}
