import { z } from 'zod';
import type { FlowAction } from './action-context';
import { toReference } from './action-context';
import { appointmentWhen } from './appointment-time-zone';
import { expectOk } from './core-api-client';
import { REMOTE_PLACE } from './list-slots';
import { findPractitionerInfo, placeName } from './practitioner-directory';

const pageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      practitionerId: z.string(),
      facilityId: z.string().nullable(),
      startsAt: z.string(),
      status: z.string(),
    }),
  ),
});

const STATUS = {
  requested: 'booked',
  confirmed: 'confirmed',
  completed: 'completed',
  cancelled: 'cancelled',
  declined: 'cancelled',
  no_show: 'no_show',
} as const;
const isKnownStatus = (status: string): status is keyof typeof STATUS => Object.hasOwn(STATUS, status);

/** Upcoming live appointments, soonest first. */
export const myAppointments: FlowAction<'myAppointments'> = async (input, context) => {
  const patient = await context.patient();
  const page = expectOk(
    await context.api.request('GET', '/appointments', {
      query: { patientId: patient.patientId, from: context.now.toISOString(), limit: 10 },
    }),
    pageSchema,
  );
  const live = page.items
    .filter((item) => item.status === 'requested' || item.status === 'confirmed')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const appointments = [];
  for (const item of live.slice(0, 5)) {
    const practitioner = await findPractitionerInfo(context.api, item.practitionerId);
    appointments.push({
      id: item.id,
      reference: toReference(item.id),
      when: await appointmentWhen(context, { ...item, practitionerTimeZone: practitioner.timeZone }, input.lang),
      practitionerId: item.practitionerId,
      practitionerName: practitioner.fullName,
      place: item.facilityId ?? REMOTE_PLACE,
      facilityName: await placeName(context.api, item.facilityId, input.lang),
      status: isKnownStatus(item.status) ? STATUS[item.status] : 'booked',
    });
  }
  return { appointments };
};
