import { z } from 'zod';
import type { FlowAction } from './action-context';
import { expectOk } from './core-api-client';
import { countryFactsOf } from './country-facts';

const areaListSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), name: z.string(), names: z.object({ fr: z.string(), en: z.string() }).optional() }),
  ),
});

/** Regions of the patient's country, or the districts of a region (ids as `ISO3/region[/district]`). */
export const listAreas: FlowAction<'listAreas'> = async (input, context) => {
  const [country, region] = (input.parentId ?? countryFactsOf(context.contactAddress).iso3).split('/');
  const query = { country: country || undefined, region };
  const result = expectOk(await context.api.request('GET', '/facilities/areas', { query }), areaListSchema);
  const lang = input.lang === 'en' ? 'en' : 'fr';
  return { areas: result.items.slice(0, 20).map((area) => ({ id: area.id, name: area.names?.[lang] ?? area.name })) };
};
