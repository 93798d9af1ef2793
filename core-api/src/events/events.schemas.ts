import { z } from 'zod';

export const eventsQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const room = z
  .string()
  .regex(new RegExp(`^(practitioner|consultation):${UUID}$`), 'must be practitioner:<uuid> or consultation:<uuid>');
export const roomAccessQuery = z.object({ room });

export const liveEventDtoSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    rooms: z.array(z.string()),
    payload: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .meta({ id: 'LiveEvent' });

export const eventsPage = z.object({
  events: z.array(liveEventDtoSchema),
  /** Pass it back as `since`; equal to the request's `since` when nothing is new. */
  lastId: z.number().int(),
  hasMore: z.boolean(),
});

export const roomAccessResponse = z.object({ room: z.string(), allowed: z.literal(true) });
