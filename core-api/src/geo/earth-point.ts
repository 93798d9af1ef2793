/** earthdistance's earth(): the sphere radius, in metres, behind geo_point() and the GiST index. */
export const EARTH_RADIUS_M = 6378168;
const RADIANS_PER_DEGREE = Math.PI / 180;

export type EarthPoint = readonly [x: number, y: number, z: number];

/**
 * The same formula as migration 0001's geo_point(lat, lon): a point on the earth sphere in metres. The chord
 * between two such points is what the cube `<->` operator returns and what facility searches order by.
 */
export function toEarthPoint(lat: number, lon: number): EarthPoint {
  const latRad = lat * RADIANS_PER_DEGREE;
  const lonRad = lon * RADIANS_PER_DEGREE;
  return [
    EARTH_RADIUS_M * Math.cos(latRad) * Math.cos(lonRad),
    EARTH_RADIUS_M * Math.cos(latRad) * Math.sin(lonRad),
    EARTH_RADIUS_M * Math.sin(latRad),
  ];
}

/** earthdistance's sec_to_gc(): the great-circle metres that a chord of `chord` metres spans. */
export function chordToGreatCircleMetres(chord: number): number {
  if (chord < 0) return 0;
  const half = chord / (2 * EARTH_RADIUS_M);
  if (half > 1) return Math.PI * EARTH_RADIUS_M;
  return 2 * EARTH_RADIUS_M * Math.asin(half);
}
