import type { Queryable } from '@medlink/platform/db';
import { notFound } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import { findActiveConsultationIds, findEventsSince, isActiveParticipant } from './events.repository';

/**
 * Catch-up after a reconnect: the events a client missed, only of rooms the caller may see now (their
 * practitioner room and the consultations they take part in; every room for an admin).
 */
export async function listLiveEvents(
  db: Queryable,
  principal: Principal | undefined,
  query: { since: number; limit: number },
) {
  const rooms = await visibleRoomsOf(db, principal);
  const rows =
    rooms && rooms.length === 0 ? [] : await findEventsSince(db, { since: query.since, rooms, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((row) => ({
      id: Number(row.id),
      type: row.type,
      rooms: row.rooms,
      payload: row.payload,
      createdAt: new Date(row.created_at).toISOString(),
    })),
    lastId: page.length > 0 ? Number(page[page.length - 1]?.id) : query.since,
    hasMore: rows.length > query.limit,
  };
}

/** The back office asks before a socket joins a room; a room the caller may not see answers 404. */
export async function checkRoomAccess(db: Queryable, principal: Principal | undefined, room: string) {
  if (isAdmin(principal)) return { room, allowed: true as const };
  const practitionerId = await practitionerIdOf(db, principal);
  const [kind, id] = room.split(':');
  const allowed =
    practitionerId !== undefined &&
    id !== undefined &&
    ((kind === 'practitioner' && id === practitionerId) ||
      (kind === 'consultation' && (await isActiveParticipant(db, id, practitionerId))));
  if (!allowed) throw notFound('Room');
  return { room, allowed: true as const };
}

async function visibleRoomsOf(db: Queryable, principal: Principal | undefined): Promise<string[] | null> {
  if (isAdmin(principal)) return null;
  const practitionerId = await practitionerIdOf(db, principal);
  if (!practitionerId) return [];
  const consultations = await findActiveConsultationIds(db, practitionerId);
  return [`practitioner:${practitionerId}`, ...consultations.map((id) => `consultation:${id}`)];
}
