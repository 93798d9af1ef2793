import { buildFacilitySearch, hasStablePlan } from './facilities.repository';
import { sqlCodeArray, sqlInteger } from './sql-literals';

function build(filter: Parameters<typeof buildFacilitySearch>[0]) {
  const params: unknown[] = [];
  const sql = buildFacilitySearch(filter, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  return { sql, params };
}

describe('facility search SQL', () => {
  it('writes vocabulary codes and limits into the text, and refuses anything else', () => {
    expect(sqlCodeArray(['maternity', 'mental_health'])).toBe("'{maternity,mental_health}'::text[]");
    expect(sqlInteger(28)).toBe('28');
    for (const hostile of ["x'); DROP TABLE facilities; --", 'Maternity', 'a,b', '{x}', ''])
      expect(() => sqlCodeArray([hostile])).toThrow('not a vocabulary code');
    expect(() => sqlInteger(1.5)).toThrow('not an integer');
  });

  it('binds what a person typed or chose (coordinates, area, name), never writing it into the text', () => {
    const { sql, params } = build({
      origin: { lat: 14.69, lon: -17.44 },
      service: 'maternity',
      area: { iso3: 'SEN', admin1: "Thiès'" },
      nameContains: "l'Hôpital",
      limit: 10,
    });
    expect(sql).toContain("services @> '{maternity}'::text[]");
    expect(sql).not.toContain('Thiès');
    expect(sql).not.toContain('Hôpital');
    expect(params).toEqual(expect.arrayContaining([14.69, -17.44, 'SEN', "Thiès'", "l'Hôpital"]));
  });

  it('prepares only searches whose best plan does not depend on the bound values', () => {
    expect(hasStablePlan({ origin: { lat: 0, lon: 0 } })).toBe(true);
    expect(hasStablePlan({ origin: { lat: 0, lon: 0 }, area: { iso3: 'SEN' } })).toBe(false);
    expect(hasStablePlan({ origin: { lat: 0, lon: 0 }, nameContains: 'fass' })).toBe(false);
    expect(hasStablePlan({ area: { iso3: 'SEN' } })).toBe(false);
  });
});
