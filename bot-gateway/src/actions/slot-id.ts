/**
 * core-api's slots have no id: a slot is its start, its place and its mode. The flow keeps this
 * string and hands it back to `book`/`rescheduleAppointment`.
 */
export interface SlotRef {
  startsAt: string;
  facilityId: string | null;
  mode: 'in_person' | 'remote';
}

export function toSlotId(slot: SlotRef): string {
  return [slot.startsAt, slot.facilityId ?? '', slot.mode].join('~');
}

export function parseSlotId(id: string): SlotRef | undefined {
  const [startsAt, facilityId, mode] = id.split('~');
  if (!startsAt || Number.isNaN(Date.parse(startsAt)) || (mode !== 'in_person' && mode !== 'remote')) return undefined;
  return { startsAt, facilityId: facilityId ? facilityId : null, mode };
}
