import type { PractitionerDto } from './practitioners.schemas';
import type { PractitionerRecord } from './practitioners.repository';

/** Public callers see the directory fields; admins and the practitioner themself also the licence and verification. */
export function toPractitionerDto(
  record: PractitionerRecord,
  rating: { rating: number; count: number },
  isStaffView: boolean,
): PractitionerDto {
  const dto: PractitionerDto = {
    id: record.id,
    fullName: record.fullName,
    specialties: record.specialties,
    languages: record.languages,
    offersRemote: record.offersRemote,
    timeZone: record.timeZone,
    bio: { fr: record.bioFr, en: record.bioEn },
    facilityIds: record.facilityIds,
    verificationStatus: record.verificationStatus,
    rating,
  };
  if (!isStaffView) return dto;
  return {
    ...dto,
    licenceNumber: record.licenceNumber,
    userId: record.userId,
    verifiedBy: record.verifiedBy,
    verifiedAt: record.verifiedAt?.toISOString() ?? null,
    verificationNotes: record.verificationNotes,
  };
}
