import { z } from 'zod';
import type { ActionOutput } from '@medlink/flows/engine/action-contracts';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';
import { countryFactsOf } from './country-facts';
import { createTtlCache } from './ttl-cache';

const facilitySchema = z.object({
  id: z.string(),
  name: z.string(),
  distanceKm: z.number().nullable().optional(),
  phone: z.string().nullable(),
  openNow: z.boolean(),
  admin2: z.string().nullable().optional(),
  reasons: z.array(z.string()).optional(),
});
const pageSchema = z.object({ items: z.array(facilitySchema) });
const recommendationsSchema = z.object({ facilities: z.array(facilitySchema) });

type Facilities = ActionOutput<'findFacilities'>['facilities'];

// Opening hours turn at the hour and published stock changes slowly: the same search by many patients in
// the same half-minute (an emergency screen in a busy area) is answered once.
const searches = createTtlCache<z.infer<typeof facilitySchema>[]>(30_000);

/**
 * Nearest first from a position, else by name. A medicine or free beds need published stock, which only the
 * recommendation engine reads; a typed town that matches nothing falls back to the patient's country, so the
 * answer is never empty while a facility exists.
 */
export const findFacilities: FlowAction<'findFacilities'> = async (input, context) => {
  const limit = input.limit ?? 5;
  const lang = input.lang === 'en' ? 'en' : 'fr';
  const country = countryFactsOf(context.contactAddress).iso3 || undefined;
  if (input.need === 'beds' || input.medicine) {
    const query = {
      need: input.need === 'beds' ? 'inpatient' : 'pharmacy',
      medicine: input.medicine,
      adminArea: input.areaId ?? country,
      lat: input.near?.lat,
      lon: input.near?.lon,
      lang,
      limit,
    };
    const result = expectOk(await context.api.request('GET', '/recommendations', { query }), recommendationsSchema);
    return { facilities: toSummaries(result.facilities) };
  }
  const search = (extra: Record<string, string | number | boolean | undefined>) => {
    const query = {
      ...(input.need === 'emergency' ? { emergency: true } : input.need === 'any' ? {} : { service: input.need }),
      openNow: input.openNow,
      lat: input.near?.lat,
      lon: input.near?.lon,
      limit,
      ...extra,
    };
    return searches(
      JSON.stringify(query),
      async () => expectOk(await context.api.request('GET', '/facilities', { query }), pageSchema).items,
    );
  };
  let items = await search({
    adminArea: input.areaId ?? (input.near || input.town ? undefined : country),
    q: input.town,
  });
  if (items.length === 0 && input.town) items = await search({ adminArea: country });
  return { facilities: toSummaries(items) };
};

function toSummaries(items: z.infer<typeof facilitySchema>[]): Facilities {
  return items.map((item) => ({
    id: item.id,
    name: item.name,
    distanceKm: item.distanceKm ?? null,
    phone: item.phone,
    openNow: item.openNow,
    town: item.admin2 ?? null,
    ...(item.reasons ? { reasons: item.reasons } : {}),
  }));
}
