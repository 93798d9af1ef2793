import { resolveStatRange } from './resolve-stat-range';

describe('resolveStatRange', () => {
  const now = new Date('2026-03-10T22:30:00Z');

  it('defaults to the 30 local days ending today in the requested zone', () => {
    const range = resolveStatRange({ timeZone: 'Africa/Nairobi' }, now);
    expect(range).toMatchObject({ from: '2026-02-10', to: '2026-03-11' });
    expect(range.days).toHaveLength(30);
  });

  it('with only `from`, runs 30 days from it but not past today', () => {
    expect(resolveStatRange({ from: '2026-01-01', timeZone: 'UTC' }, now).to).toBe('2026-01-30');
    expect(resolveStatRange({ from: '2026-03-01', timeZone: 'UTC' }, now).to).toBe('2026-03-10');
  });

  it('crosses month and leap-day boundaries one calendar day at a time', () => {
    expect(resolveStatRange({ from: '2024-02-28', to: '2024-03-01', timeZone: 'Africa/Lagos' }, now).days).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('refuses an empty or over-long range', () => {
    expect(() => resolveStatRange({ from: '2026-03-02', to: '2026-03-01', timeZone: 'UTC' }, now)).toThrow('empty');
    expect(() => resolveStatRange({ from: '2024-01-01', to: '2025-12-31', timeZone: 'UTC' }, now)).toThrow('too long');
  });
});
