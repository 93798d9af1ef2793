import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface CountryFacts {
  iso3: string;
  /** The number for an ambulance / medical emergency from a mobile phone. */
  emergencyNumber: string;
  /** The national health information line where one is well known, else the emergency number. */
  hotline: string;
  timeZone: string;
}

// Reviewed list for the countries MedLink runs in first; anywhere else falls back to 112, which GSM
// networks route to emergency services. Changes here need a clinical-safety review.
const FACTS: Record<string, CountryFacts> = {
  NE: { iso3: 'NER', emergencyNumber: '15', hotline: '15', timeZone: 'Africa/Niamey' },
  SN: { iso3: 'SEN', emergencyNumber: '1515', hotline: '1515', timeZone: 'Africa/Dakar' },
  ML: { iso3: 'MLI', emergencyNumber: '15', hotline: '15', timeZone: 'Africa/Bamako' },
  BF: { iso3: 'BFA', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Ouagadougou' },
  CI: { iso3: 'CIV', emergencyNumber: '185', hotline: '185', timeZone: 'Africa/Abidjan' },
  CM: { iso3: 'CMR', emergencyNumber: '112', hotline: '1510', timeZone: 'Africa/Douala' },
  NG: { iso3: 'NGA', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Lagos' },
  GH: { iso3: 'GHA', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Accra' },
  KE: { iso3: 'KEN', emergencyNumber: '999', hotline: '112', timeZone: 'Africa/Nairobi' },
  UG: { iso3: 'UGA', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Kampala' },
  TZ: { iso3: 'TZA', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Dar_es_Salaam' },
  RW: { iso3: 'RWA', emergencyNumber: '912', hotline: '114', timeZone: 'Africa/Kigali' },
  CD: { iso3: 'COD', emergencyNumber: '112', hotline: '112', timeZone: 'Africa/Kinshasa' },
};

const FALLBACK: CountryFacts = { iso3: '', emergencyNumber: '112', hotline: '112', timeZone: 'UTC' };

/** Addresses whose facts are remembered: parsing a number costs more than the rest of a USSD hop's lookup. */
const REMEMBERED_ADDRESSES = 10_000;
const remembered = new Map<string, CountryFacts>();

/** Country facts from a phone number (E.164) or a WhatsApp id (digits of the same number). */
export function countryFactsOf(address: string): CountryFacts {
  const known = remembered.get(address);
  if (known) return known;
  const phone = parsePhoneNumberFromString(address.startsWith('+') ? address : `+${address}`);
  const country = phone?.country;
  const facts = (country && FACTS[country]) || FALLBACK;
  if (remembered.size >= REMEMBERED_ADDRESSES) remembered.clear();
  remembered.set(address, facts);
  return facts;
}
