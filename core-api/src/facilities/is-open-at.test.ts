import { isOpenAt, type FacilityHours, type HoursException } from './is-open-at';

const weekdayClinic: FacilityHours = {
  alwaysOpen: false,
  weekly: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
  },
};
const nightShift: FacilityHours = { alwaysOpen: false, weekly: { fri: [['20:00', '08:00']] } };
const hospital: FacilityHours = { alwaysOpen: true, weekly: null };

describe('isOpenAt', () => {
  // 2026-11-27 is a Friday. Lagos is UTC+1, Nairobi UTC+3, neither has daylight saving.
  it.each([
    ['Lagos clinic at 08:30 local (07:30 UTC) is open', weekdayClinic, 'Africa/Lagos', '2026-11-27T07:30:00Z', true],
    ['Lagos clinic at 07:59 local (06:59 UTC) is closed', weekdayClinic, 'Africa/Lagos', '2026-11-27T06:59:00Z', false],
    [
      'Lagos clinic at 17:00 local is closed (closing time is exclusive)',
      weekdayClinic,
      'Africa/Lagos',
      '2026-11-27T16:00:00Z',
      false,
    ],
    [
      'Nairobi clinic at 16:30 local (13:30 UTC) is open',
      weekdayClinic,
      'Africa/Nairobi',
      '2026-11-27T13:30:00Z',
      true,
    ],
    [
      'the same instant is 17:30 in Nairobi: closed there, open in Lagos',
      weekdayClinic,
      'Africa/Nairobi',
      '2026-11-27T14:30:00Z',
      false,
    ],
    ['same instant in Lagos (15:30) is open', weekdayClinic, 'Africa/Lagos', '2026-11-27T14:30:00Z', true],
    ['Nairobi clinic on Saturday is closed', weekdayClinic, 'Africa/Nairobi', '2026-11-28T08:00:00Z', false],
    [
      'Friday 23:00 UTC is already Saturday 02:00 in Nairobi: closed',
      weekdayClinic,
      'Africa/Nairobi',
      '2026-11-27T23:00:00Z',
      false,
    ],
    ['night shift Friday 21:00 Lagos is open', nightShift, 'Africa/Lagos', '2026-11-27T20:00:00Z', true],
    [
      'night shift continues past midnight: Saturday 07:00 Lagos is open',
      nightShift,
      'Africa/Lagos',
      '2026-11-28T06:00:00Z',
      true,
    ],
    ['night shift ends at 08:00 Saturday Lagos', nightShift, 'Africa/Lagos', '2026-11-28T07:00:00Z', false],
    ['night shift Friday 19:59 Lagos is not yet open', nightShift, 'Africa/Lagos', '2026-11-27T18:59:00Z', false],
    ['a 24/7 hospital is open on Sunday at 03:00', hospital, 'Africa/Nairobi', '2026-11-29T00:00:00Z', true],
    [
      'unknown hours are never reported open',
      { alwaysOpen: false, weekly: null },
      'Africa/Lagos',
      '2026-11-27T10:00:00Z',
      false,
    ],
  ] as const)('%s', (_name, hours, zone, at, expected) => {
    expect(isOpenAt(hours, [], zone, new Date(at))).toBe(expected);
  });

  it('a closed exception on the local date closes even a 24/7 hospital, and only that day', () => {
    const strike: HoursException[] = [{ date: '2026-11-28', closed: true, hours: null }];
    // 2026-11-27T22:00Z is Saturday 01:00 in Nairobi, still Friday 23:00 in Lagos.
    expect(isOpenAt(hospital, strike, 'Africa/Nairobi', new Date('2026-11-27T22:00:00Z'))).toBe(false);
    expect(isOpenAt(hospital, strike, 'Africa/Lagos', new Date('2026-11-27T22:00:00Z'))).toBe(true);
    expect(isOpenAt(hospital, strike, 'Africa/Nairobi', new Date('2026-11-29T10:00:00Z'))).toBe(true);
  });

  it('an exception with hours replaces the weekly hours for that date', () => {
    const extended: HoursException[] = [{ date: '2026-11-27', closed: false, hours: [['08:00', '21:00']] }];
    expect(isOpenAt(weekdayClinic, extended, 'Africa/Lagos', new Date('2026-11-27T19:00:00Z'))).toBe(true);
    expect(isOpenAt(weekdayClinic, [], 'Africa/Lagos', new Date('2026-11-27T19:00:00Z'))).toBe(false);
  });

  it('a closed exception on Friday also stops the night that would have spilled into Saturday', () => {
    const closedFriday: HoursException[] = [{ date: '2026-11-27', closed: true, hours: null }];
    expect(isOpenAt(nightShift, closedFriday, 'Africa/Lagos', new Date('2026-11-28T06:00:00Z'))).toBe(false);
  });
});
