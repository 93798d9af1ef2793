import { PgErrorCode, pgErrorCode } from '@medlink/platform/db';
import { findAppointmentById } from '../appointments/appointments.repository';
import type { CoreApiDeps } from '../deps';
import { writeAudit, type AuditEntry } from '../shared/audit';
import { AppError, forbidden, notFound } from '../shared/errors';
import { decodeCursor, toPage } from '../shared/pagination';
import { isAdmin } from '../shared/principal-lookup';
import type { Principal } from '../shared/principal';
import type { CreateReviewBody, ListReviewsQuery, ReviewDto } from './reviews.schemas';
import { insertReview, listReviews, moderateReview, type ReviewRecord } from './reviews.repository';

/** The gateway, for the appointment's own patient, once per completed appointment; pending until moderated. */
export async function submitReview(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  body: CreateReviewBody,
  origin: AuditEntry['origin'],
): Promise<ReviewDto> {
  const appointment = await findAppointmentById(deps.db, body.appointmentId);
  if (!appointment) throw notFound('Appointment');
  if (appointment.patientId !== body.patientId) throw forbidden('Only the patient of the appointment may review it');
  if (appointment.status !== 'completed')
    throw new AppError({ code: 'invalid_state', detail: 'Only a completed appointment can be reviewed' });
  const review = await deps.db
    .transaction(async (tx) => {
      const inserted = await insertReview(tx, {
        appointmentId: appointment.id,
        patientId: appointment.patientId,
        practitionerId: appointment.practitionerId,
        facilityId: appointment.facilityId,
        rating: body.rating,
        comment: body.comment ?? null,
      });
      await writeAudit(tx, {
        principal,
        action: 'review.submitted',
        recordType: 'review',
        recordId: inserted.id,
        patientId: inserted.patientId,
        origin,
      });
      return inserted;
    })
    .catch((error: unknown) => {
      if (pgErrorCode(error) === PgErrorCode.uniqueViolation)
        throw new AppError({ code: 'conflict', detail: 'This appointment has already been reviewed', cause: error });
      throw error;
    });
  return toReviewDto(review, true);
}

/** Public: published reviews only; admins: every state. Newest first. */
export async function findReviewPage(deps: CoreApiDeps, principal: Principal | undefined, query: ListReviewsQuery) {
  const admin = isAdmin(principal);
  const after = decodeCursor(query.cursor);
  if (query.cursor && (!after || Number.isNaN(Date.parse(after.sortKey)) || !/^[0-9a-f-]{36}$/i.test(after.id))) {
    throw new AppError({
      code: 'validation_failed',
      detail: 'Invalid cursor',
      errors: [{ path: 'query.cursor', message: 'not a cursor this API issued' }],
    });
  }
  const records = await listReviews(deps.readDb, {
    practitionerId: query.practitionerId,
    facilityId: query.facilityId,
    state: admin ? query.state : 'published',
    after,
    limit: query.limit + 1,
  });
  return toPage(
    records,
    query.limit,
    (record) => toReviewDto(record, admin),
    (record) => ({ sortKey: record.createdAt.toISOString(), id: record.id }),
  );
}

export async function moderate(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  id: string,
  body: { state: 'published' | 'rejected'; note?: string },
  origin: AuditEntry['origin'],
): Promise<ReviewDto> {
  if (principal?.kind !== 'user' || !isAdmin(principal)) throw forbidden('Only an admin moderates reviews');
  const moderatedBy = principal.userId;
  const review = await deps.db.transaction(async (tx) => {
    const updated = await moderateReview(tx, id, {
      state: body.state,
      moderatedBy,
      at: deps.clock(),
      note: body.note ?? null,
    });
    if (!updated) throw notFound('Review');
    await writeAudit(tx, {
      principal,
      action: 'review.moderated',
      recordType: 'review',
      recordId: id,
      patientId: updated.patientId,
      origin,
      details: { state: body.state },
    });
    return updated;
  });
  return toReviewDto(review, true);
}

function toReviewDto(record: ReviewRecord, isAdminView: boolean): ReviewDto {
  const dto: ReviewDto = {
    id: record.id,
    practitionerId: record.practitionerId,
    facilityId: record.facilityId,
    rating: record.rating,
    comment: record.comment,
    state: record.state,
    createdAt: record.createdAt.toISOString(),
  };
  if (!isAdminView) return dto;
  return {
    ...dto,
    appointmentId: record.appointmentId,
    patientId: record.patientId,
    moderationNote: record.moderationNote,
    moderatedAt: record.moderatedAt?.toISOString() ?? null,
  };
}
