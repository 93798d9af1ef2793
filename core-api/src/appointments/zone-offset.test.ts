import { addDays, isValidTimeZone, localDateOf, weekdayOf, zonedTimeToUtc, zoneOffsetMinutes } from './zone-offset';

describe('zoneOffsetMinutes', () => {
  it.each([
    ['UTC', '2026-07-01T12:00:00Z', 0],
    ['Africa/Lagos', '2026-07-01T12:00:00Z', 60],
    ['Africa/Nairobi', '2026-01-15T12:00:00Z', 180],
    ['Europe/Paris', '2026-01-15T12:00:00Z', 60],
    ['Europe/Paris', '2026-07-15T12:00:00Z', 120],
    ['Africa/Cairo', '2026-07-15T12:00:00Z', 180],
    ['Africa/Cairo', '2026-01-15T12:00:00Z', 120],
  ])('%s at %s is UTC%+d minutes', (zone, at, offset) => {
    expect(zoneOffsetMinutes(zone, new Date(at))).toBe(offset);
  });
});

describe('zonedTimeToUtc', () => {
  it('turns a Lagos wall-clock time into its instant', () => {
    expect(zonedTimeToUtc('Africa/Lagos', { year: 2026, month: 12, day: 2 }, 9 * 60)?.toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
  });

  it('has no instant for a Paris time skipped by the spring jump', () => {
    expect(zonedTimeToUtc('Europe/Paris', { year: 2026, month: 3, day: 29 }, 2 * 60 + 30)).toBeUndefined();
    expect(zonedTimeToUtc('Europe/Paris', { year: 2026, month: 3, day: 29 }, 3 * 60)?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('takes the first occurrence of a Paris time repeated in the autumn', () => {
    expect(zonedTimeToUtc('Europe/Paris', { year: 2026, month: 10, day: 25 }, 2 * 60 + 30)?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('gives the same answers whatever the host zone', () => {
    const host = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect(zonedTimeToUtc('Africa/Nairobi', { year: 2026, month: 12, day: 31 }, 23 * 60)?.toISOString()).toBe(
        '2026-12-31T20:00:00.000Z',
      );
      expect(localDateOf('Africa/Nairobi', new Date('2026-12-31T21:30:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
    } finally {
      process.env.TZ = host;
    }
  });
});

describe('calendar helpers', () => {
  it('walks civil dates across month and year ends and names weekdays from Sunday = 0', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(weekdayOf({ year: 2026, month: 11, day: 29 })).toBe(0);
  });

  it('recognises IANA zone names', () => {
    expect(isValidTimeZone('Africa/Kinshasa')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
