import type { Identity } from './normalize-identity';
import type { PatientRow } from './patients.repository';

/** Contact details (identities, coordinates) only for those who reach the patient: the gateway and admins. */
export function toPatientDto(row: PatientRow, identities: Identity[] | undefined) {
  const withContact = identities !== undefined;
  return {
    id: row.id,
    preferredLanguage: row.preferred_language,
    displayName: row.display_name,
    birthYear: row.birth_year,
    sex: row.sex,
    location: {
      countryIso3: row.country_iso3,
      adminArea: row.admin_area,
      lat: withContact ? row.lat : null,
      lon: withContact ? row.lon : null,
    },
    consent: toConsentDto(row),
    optedOut: row.opted_out_at !== null,
    erased: row.erased_at !== null,
    ...(withContact ? { identities } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

/** What the gateway needs to run a conversation: no names, no clinical data. */
export function toResolvedPatientDto(row: PatientRow, identities: Identity[]) {
  return {
    id: row.id,
    preferredLanguage: row.preferred_language,
    consent: toConsentDto(row),
    optedOut: row.opted_out_at !== null,
    erased: row.erased_at !== null,
    identities,
    // What the gateway needs to send an emergency to the nearest facility rather than one across the country.
    position: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
  };
}

function toConsentDto(row: PatientRow) {
  return row.consent_version && row.consent_at && row.consent_channel
    ? { version: row.consent_version, at: row.consent_at.toISOString(), channel: row.consent_channel }
    : null;
}
