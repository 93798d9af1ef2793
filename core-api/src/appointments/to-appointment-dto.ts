import type { AppointmentDto } from './appointments.schemas';
import type { AppointmentRecord } from './appointments.repository';

export function toAppointmentDto(record: AppointmentRecord): AppointmentDto {
  return {
    id: record.id,
    practitionerId: record.practitionerId,
    patientId: record.patientId,
    facilityId: record.facilityId,
    mode: record.mode,
    specialty: record.specialty,
    reason: record.reason,
    triageRecordId: record.triageRecordId,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    status: record.status,
    statusReason: record.statusReason,
    bookedVia: record.bookedVia,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** The back office shows appointment changes live in the practitioner's room. */
export function appointmentEvent(dto: AppointmentDto) {
  return { type: 'appointment.updated', rooms: [`practitioner:${dto.practitionerId}`], payload: dto };
}
