import type { ActionContext } from './action-context';
import type { CoreApiClient } from './core-api-client';
import { countryFactsOf } from './country-facts';
import { formatWhen } from './format-when';
import { findFacilityInfo } from './practitioner-directory';

/**
 * The time zone a patient reads an appointment's time in: the facility's for one in person (where they will
 * be), their own for a remote one (their number's country), the practitioner's when that country is unknown.
 * A doctor in Ouagadougou consulting a patient in Nairobi is at 14:00 for one and 17:00 for the other.
 */
export function readingTimeZone(place: {
  facilityTimeZone: string | null;
  contactAddress: string;
  practitionerTimeZone: string;
}): string {
  return place.facilityTimeZone ?? patientTimeZone(place.contactAddress) ?? place.practitionerTimeZone;
}

/** readingTimeZone for an appointment known by its facility's id (null: remote). */
export async function appointmentTimeZone(
  api: CoreApiClient,
  place: { facilityId: string | null; contactAddress: string; practitionerTimeZone: string },
): Promise<string> {
  const facilityTimeZone = place.facilityId ? (await findFacilityInfo(api, place.facilityId)).timeZone : null;
  return readingTimeZone({ ...place, facilityTimeZone });
}

/** An appointment's date and time as its patient reads it (see appointmentTimeZone). */
export async function appointmentWhen(
  context: Pick<ActionContext, 'api' | 'contactAddress'>,
  appointment: { startsAt: string; facilityId: string | null; practitionerTimeZone: string },
  lang: string,
): Promise<string> {
  const timeZone = await appointmentTimeZone(context.api, {
    facilityId: appointment.facilityId,
    contactAddress: context.contactAddress,
    practitionerTimeZone: appointment.practitionerTimeZone,
  });
  return formatWhen(new Date(appointment.startsAt), lang, timeZone);
}

/** The time zone of the country a phone number (or WhatsApp id) belongs to, when it is one MedLink knows. */
function patientTimeZone(contactAddress: string): string | undefined {
  const facts = countryFactsOf(contactAddress);
  return facts.iso3 ? facts.timeZone : undefined;
}
