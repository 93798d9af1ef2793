import { computeFreeSlots, type AvailabilityRule, type FreeSlotsInput } from './compute-free-slots';

const FACILITY = '00000000-0000-4000-8000-000000000001';

function rule(fields: Partial<AvailabilityRule>): AvailabilityRule {
  return {
    weekday: 3,
    startMinute: 9 * 60,
    endMinute: 11 * 60,
    slotMinutes: 30,
    timeZone: 'UTC',
    facilityId: null,
    validFrom: null,
    validUntil: null,
    ...fields,
  };
}

function slots(input: Partial<FreeSlotsInput>): string[] {
  return computeFreeSlots({
    rules: [],
    exceptions: [],
    booked: [],
    from: new Date('2026-11-30T00:00:00Z'),
    to: new Date('2026-12-07T00:00:00Z'),
    now: new Date('2026-11-29T00:00:00Z'),
    ...input,
  }).map((slot) => slot.startsAt.toISOString());
}

describe('computeFreeSlots', () => {
  it('cuts a UTC weekly session into slots', () => {
    expect(slots({ rules: [rule({})] })).toEqual([
      '2026-12-02T09:00:00.000Z',
      '2026-12-02T09:30:00.000Z',
      '2026-12-02T10:00:00.000Z',
      '2026-12-02T10:30:00.000Z',
    ]);
  });

  it('reads rules in the facility zone: 08:00 in Lagos is 07:00 UTC, in Nairobi 05:00 UTC', () => {
    expect(
      slots({
        rules: [
          rule({
            timeZone: 'Africa/Lagos',
            startMinute: 8 * 60,
            endMinute: 9 * 60,
            slotMinutes: 60,
            facilityId: FACILITY,
          }),
        ],
      }),
    ).toEqual(['2026-12-02T07:00:00.000Z']);
    expect(
      slots({ rules: [rule({ timeZone: 'Africa/Nairobi', startMinute: 8 * 60, endMinute: 9 * 60, slotMinutes: 60 })] }),
    ).toEqual(['2026-12-02T05:00:00.000Z']);
  });

  it('keeps the local weekday when the zone is far from UTC (Wednesday 01:00 in Nairobi is Tuesday in UTC)', () => {
    expect(
      slots({ rules: [rule({ timeZone: 'Africa/Nairobi', startMinute: 60, endMinute: 120, slotMinutes: 60 })] }),
    ).toEqual(['2026-12-01T22:00:00.000Z']);
  });

  it('keeps wall-clock times across a daylight-saving change for a remote practitioner in Paris', () => {
    const paris = rule({
      weekday: 0,
      timeZone: 'Europe/Paris',
      startMinute: 9 * 60,
      endMinute: 10 * 60,
      slotMinutes: 60,
    });
    const window = {
      from: new Date('2026-03-22T00:00:00Z'),
      to: new Date('2026-04-05T00:00:00Z'),
      now: new Date('2026-03-01T00:00:00Z'),
    };
    // 09:00 is UTC+1 before 29 March and UTC+2 from it.
    expect(slots({ rules: [paris], ...window })).toEqual(['2026-03-22T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
  });

  it('offers nothing in the hour the clocks skip, and the rest of the session as usual', () => {
    const night = rule({ weekday: 0, timeZone: 'Europe/Paris', startMinute: 60, endMinute: 4 * 60, slotMinutes: 60 });
    const window = {
      from: new Date('2026-03-28T12:00:00Z'),
      to: new Date('2026-03-30T00:00:00Z'),
      now: new Date('2026-03-01T00:00:00Z'),
    };
    expect(slots({ rules: [night], ...window })).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('follows Cairo summer time', () => {
    const cairo = rule({
      weekday: 3,
      timeZone: 'Africa/Cairo',
      startMinute: 10 * 60,
      endMinute: 11 * 60,
      slotMinutes: 60,
    });
    const july = {
      from: new Date('2026-07-13T00:00:00Z'),
      to: new Date('2026-07-20T00:00:00Z'),
      now: new Date('2026-07-01T00:00:00Z'),
    };
    expect(slots({ rules: [cairo], ...july })).toEqual(['2026-07-15T07:00:00.000Z']);
    expect(slots({ rules: [cairo] })).toEqual(['2026-12-02T08:00:00.000Z']);
  });

  it('removes booked slots, leave and the past', () => {
    const result = slots({
      rules: [rule({})],
      booked: [{ startsAt: new Date('2026-12-02T09:30:00Z'), endsAt: new Date('2026-12-02T10:00:00Z') }],
      exceptions: [
        {
          kind: 'unavailable',
          startsAt: new Date('2026-12-02T10:15:00Z'),
          endsAt: new Date('2026-12-02T10:20:00Z'),
          facilityId: null,
          slotMinutes: 20,
        },
      ],
      now: new Date('2026-12-02T09:10:00Z'),
    });
    // 09:00 has started, 09:30 is booked, 10:00 overlaps the leave.
    expect(result).toEqual(['2026-12-02T10:30:00.000Z']);
  });

  it('adds extra sessions and respects the validity dates of rules', () => {
    const result = slots({
      rules: [
        rule({ validUntil: '2026-12-01' }),
        rule({ weekday: 5, validFrom: '2026-12-04', startMinute: 9 * 60, endMinute: 9 * 60 + 30 }),
      ],
      exceptions: [
        {
          kind: 'available',
          startsAt: new Date('2026-12-05T14:00:00Z'),
          endsAt: new Date('2026-12-05T14:40:00Z'),
          facilityId: FACILITY,
          slotMinutes: 20,
        },
      ],
    });
    expect(result).toEqual(['2026-12-04T09:00:00.000Z', '2026-12-05T14:00:00.000Z', '2026-12-05T14:20:00.000Z']);
  });

  it('offers only slots starting inside the window, each once', () => {
    const result = slots({
      rules: [rule({}), rule({})],
      from: new Date('2026-12-02T09:30:00Z'),
      to: new Date('2026-12-02T10:30:00Z'),
    });
    expect(result).toEqual(['2026-12-02T09:30:00.000Z', '2026-12-02T10:00:00.000Z']);
  });
});
