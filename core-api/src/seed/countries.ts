/**
 * Countries of the facility file: IANA time zone (one per country: none of them has two), names in both
 * languages, and the language most patients use with the health system (for demo data and defaults).
 */
export interface CountryInfo {
  timeZone: string;
  en: string;
  fr: string;
  language: 'fr' | 'en';
}

export const COUNTRIES: Record<string, CountryInfo> = {
  AGO: { timeZone: 'Africa/Luanda', en: 'Angola', fr: 'Angola', language: 'en' },
  BDI: { timeZone: 'Africa/Bujumbura', en: 'Burundi', fr: 'Burundi', language: 'fr' },
  BEN: { timeZone: 'Africa/Porto-Novo', en: 'Benin', fr: 'Bénin', language: 'fr' },
  BFA: { timeZone: 'Africa/Ouagadougou', en: 'Burkina Faso', fr: 'Burkina Faso', language: 'fr' },
  BWA: { timeZone: 'Africa/Gaborone', en: 'Botswana', fr: 'Botswana', language: 'en' },
  CAF: { timeZone: 'Africa/Bangui', en: 'Central African Republic', fr: 'République centrafricaine', language: 'fr' },
  CIV: { timeZone: 'Africa/Abidjan', en: "Côte d'Ivoire", fr: "Côte d'Ivoire", language: 'fr' },
  CMR: { timeZone: 'Africa/Douala', en: 'Cameroon', fr: 'Cameroun', language: 'fr' },
  COD: { timeZone: 'Africa/Kinshasa', en: 'DR Congo', fr: 'RD Congo', language: 'fr' },
  COG: { timeZone: 'Africa/Brazzaville', en: 'Congo', fr: 'Congo', language: 'fr' },
  COM: { timeZone: 'Indian/Comoro', en: 'Comoros', fr: 'Comores', language: 'fr' },
  CPV: { timeZone: 'Atlantic/Cape_Verde', en: 'Cape Verde', fr: 'Cap-Vert', language: 'en' },
  DJI: { timeZone: 'Africa/Djibouti', en: 'Djibouti', fr: 'Djibouti', language: 'fr' },
  ERI: { timeZone: 'Africa/Asmara', en: 'Eritrea', fr: 'Érythrée', language: 'en' },
  ETH: { timeZone: 'Africa/Addis_Ababa', en: 'Ethiopia', fr: 'Éthiopie', language: 'en' },
  GAB: { timeZone: 'Africa/Libreville', en: 'Gabon', fr: 'Gabon', language: 'fr' },
  GHA: { timeZone: 'Africa/Accra', en: 'Ghana', fr: 'Ghana', language: 'en' },
  GIN: { timeZone: 'Africa/Conakry', en: 'Guinea', fr: 'Guinée', language: 'fr' },
  GMB: { timeZone: 'Africa/Banjul', en: 'Gambia', fr: 'Gambie', language: 'en' },
  GNB: { timeZone: 'Africa/Bissau', en: 'Guinea-Bissau', fr: 'Guinée-Bissau', language: 'fr' },
  GNQ: { timeZone: 'Africa/Malabo', en: 'Equatorial Guinea', fr: 'Guinée équatoriale', language: 'fr' },
  KEN: { timeZone: 'Africa/Nairobi', en: 'Kenya', fr: 'Kenya', language: 'en' },
  LBR: { timeZone: 'Africa/Monrovia', en: 'Liberia', fr: 'Liberia', language: 'en' },
  LSO: { timeZone: 'Africa/Maseru', en: 'Lesotho', fr: 'Lesotho', language: 'en' },
  MDG: { timeZone: 'Indian/Antananarivo', en: 'Madagascar', fr: 'Madagascar', language: 'fr' },
  MLI: { timeZone: 'Africa/Bamako', en: 'Mali', fr: 'Mali', language: 'fr' },
  MOZ: { timeZone: 'Africa/Maputo', en: 'Mozambique', fr: 'Mozambique', language: 'en' },
  MRT: { timeZone: 'Africa/Nouakchott', en: 'Mauritania', fr: 'Mauritanie', language: 'fr' },
  MUS: { timeZone: 'Indian/Mauritius', en: 'Mauritius', fr: 'Maurice', language: 'en' },
  MWI: { timeZone: 'Africa/Blantyre', en: 'Malawi', fr: 'Malawi', language: 'en' },
  NAM: { timeZone: 'Africa/Windhoek', en: 'Namibia', fr: 'Namibie', language: 'en' },
  NER: { timeZone: 'Africa/Niamey', en: 'Niger', fr: 'Niger', language: 'fr' },
  NGA: { timeZone: 'Africa/Lagos', en: 'Nigeria', fr: 'Nigeria', language: 'en' },
  RWA: { timeZone: 'Africa/Kigali', en: 'Rwanda', fr: 'Rwanda', language: 'en' },
  SDN: { timeZone: 'Africa/Khartoum', en: 'Sudan', fr: 'Soudan', language: 'en' },
  SEN: { timeZone: 'Africa/Dakar', en: 'Senegal', fr: 'Sénégal', language: 'fr' },
  SLE: { timeZone: 'Africa/Freetown', en: 'Sierra Leone', fr: 'Sierra Leone', language: 'en' },
  SOM: { timeZone: 'Africa/Mogadishu', en: 'Somalia', fr: 'Somalie', language: 'en' },
  SSD: { timeZone: 'Africa/Juba', en: 'South Sudan', fr: 'Soudan du Sud', language: 'en' },
  STP: { timeZone: 'Africa/Sao_Tome', en: 'São Tomé and Príncipe', fr: 'Sao Tomé-et-Principe', language: 'en' },
  SWZ: { timeZone: 'Africa/Mbabane', en: 'Eswatini', fr: 'Eswatini', language: 'en' },
  SYC: { timeZone: 'Indian/Mahe', en: 'Seychelles', fr: 'Seychelles', language: 'en' },
  TCD: { timeZone: 'Africa/Ndjamena', en: 'Chad', fr: 'Tchad', language: 'fr' },
  TGO: { timeZone: 'Africa/Lome', en: 'Togo', fr: 'Togo', language: 'fr' },
  TZA: { timeZone: 'Africa/Dar_es_Salaam', en: 'Tanzania', fr: 'Tanzanie', language: 'en' },
  UGA: { timeZone: 'Africa/Kampala', en: 'Uganda', fr: 'Ouganda', language: 'en' },
  ZAF: { timeZone: 'Africa/Johannesburg', en: 'South Africa', fr: 'Afrique du Sud', language: 'en' },
  ZMB: { timeZone: 'Africa/Lusaka', en: 'Zambia', fr: 'Zambie', language: 'en' },
  ZWE: { timeZone: 'Africa/Harare', en: 'Zimbabwe', fr: 'Zimbabwe', language: 'en' },
};

export function countryInfo(iso3: string): CountryInfo | undefined {
  return Object.hasOwn(COUNTRIES, iso3) ? COUNTRIES[iso3] : undefined;
}
