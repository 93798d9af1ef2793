/**
 * Admin1 spellings of the facility file mapped to one name per area, so a USSD pick-list shows each
 * region once. Keys are `ISO3/raw name`; values are the names used by the national authorities.
 * Typos and variants are listed in ../shared/data/facilities/README.md; stripped accents restored for
 * the francophone regions patients will read.
 */
export const ADMIN1_SPELLINGS: Record<string, string> = {
  'KEN/Homabay': 'Homa Bay',
  'KEN/Muranga': "Murang'a",
  'KEN/Transzoia': 'Trans Nzoia',
  'KEN/Taveta': 'Taita Taveta',
  'SEN/Kaokack': 'Kaolack',
  'SEN/Saintlouis': 'Saint-Louis',
  'SEN/Sediou': 'Sédhiou',
  'SEN/Thies': 'Thiès',
  'SEN/Kedougou': 'Kédougou',
  'CIV/Comoe': 'Comoé',
  'CIV/Vallee du Bandama': 'Vallée du Bandama',
  'CIV/Denguele': 'Denguélé',
  'CIV/Sassandra-Marahoue': 'Sassandra-Marahoué',
  'GIN/Boke': 'Boké',
  'GIN/Labe': 'Labé',
  'GIN/Nzerekore': 'Nzérékoré',
  'BEN/Oueme': 'Ouémé',
  'TCD/Mayo Kebbi Est': 'Mayo-Kebbi Est',
  'TCD/Mayo Kebbi Ouest': 'Mayo-Kebbi Ouest',
  'TCD/Moyen Chari': 'Moyen-Chari',
  'GAB/Sud-Est (Haut Ogooue)': 'Sud-Est (Haut Ogooué)',
  'LBR/Rivercess': 'River Cess',
  'ZMB/North-Western': 'North Western',
};

/**
 * One clean admin1 name: non-breaking spaces and the mojibake of one (`┬á`, a UTF-8 NBSP read as CP437)
 * become spaces, then the spelling table applies.
 */
export function normaliseAdmin1(iso3: string, raw: string): string | null {
  const cleaned = raw
    .replace(/┬á/g, ' ')
    .replace(/[\u00a0\s]+/g, ' ')
    .trim();
  if (!cleaned) return null;
  return ADMIN1_SPELLINGS[`${iso3}/${cleaned}`] ?? cleaned;
}
