import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';
import { REMOTE_PLACE } from './list-slots';

const recommendationsSchema = z.object({
  practitioners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      specialties: z.array(z.string()),
      facilityId: z.string().nullable(),
      facilityName: z.string().nullable(),
      remote: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  facilities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      distanceKm: z.number().nullable(),
      phone: z.string().nullable(),
      openNow: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
});

export const recommend: FlowAction<'recommend'> = async (input, context) => {
  const lang = input.lang === 'en' ? 'en' : 'fr';
  const query = {
    need: input.need,
    level: input.level,
    lang,
    adminArea: input.areaId,
    lat: input.near?.lat,
    lon: input.near?.lon,
    limit: 5,
  };
  const result = expectOk(await context.api.request('GET', '/recommendations', { query }), recommendationsSchema);
  const remote = lang === 'en' ? 'Remote consultation' : 'Téléconsultation';
  return {
    practitioners: result.practitioners.map((practitioner) => ({
      id: practitioner.id,
      name: practitioner.name,
      specialty: practitioner.specialties[0] ?? input.need,
      place: practitioner.facilityId ?? REMOTE_PLACE,
      facilityName: practitioner.facilityName ?? remote,
      reasons: practitioner.reasons,
    })),
    facilities: result.facilities.map((facility) => ({
      id: facility.id,
      name: facility.name,
      distanceKm: facility.distanceKm,
      phone: facility.phone,
      openNow: facility.openNow,
      reasons: facility.reasons,
    })),
  };
};
