import { z } from 'zod';
import type { FlowAction } from './action-context';
import { appointmentWhen } from './appointment-time-zone';
import { expectOk } from './core-api-client';
import { findPractitionerInfo } from './practitioner-directory';

const pageSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), practitionerId: z.string(), facilityId: z.string().nullable(), startsAt: z.string() }),
  ),
});

export const lastCompletedAppointment: FlowAction<'lastCompletedAppointment'> = async (input, context) => {
  const patient = await context.patient();
  const page = expectOk(
    await context.api.request('GET', '/appointments', {
      query: { patientId: patient.patientId, status: 'completed', limit: 20 },
    }),
    pageSchema,
  );
  const last = [...page.items].sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0];
  if (!last) return { appointment: null };
  const practitioner = await findPractitionerInfo(context.api, last.practitionerId);
  return {
    appointment: {
      id: last.id,
      when: await appointmentWhen(context, { ...last, practitionerTimeZone: practitioner.timeZone }, input.lang),
      practitionerName: practitioner.fullName,
    },
  };
};
