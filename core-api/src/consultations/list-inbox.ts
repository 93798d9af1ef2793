import type { z } from 'zod';
import type { CoreApiDeps } from '../deps';
import { toPage } from '../shared/pagination';
import type { Principal } from '../shared/principal';
import { isAdmin, practitionerIdOf } from '../shared/principal-lookup';
import { auditPatientsShown } from '../messages/audit-patients-shown';
import { parseKeysetCursor } from '../messages/parse-keyset-cursor';
import { findInbox, type InboxRow } from './consultation-reads.repository';
import type { inboxQuery } from './consultations.schemas';

/** A practitioner's inbox (only consultations they take part in); an admin's view of all. */
export async function listInbox(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  query: z.infer<typeof inboxQuery>,
) {
  const after = parseKeysetCursor(query.cursor);
  const admin = isAdmin(principal);
  const practitionerId = admin ? undefined : await practitionerIdOf(deps.db, principal);
  if (!admin && !practitionerId) return { items: [], nextCursor: null };
  const rows = await findInbox(deps.db, {
    practitionerId,
    waitingForMe: query.waitingForMe,
    level: query.level,
    channel: query.channel,
    status: query.status,
    after,
    limit: query.limit,
  });
  const page = toPage(rows, query.limit, toInboxItem, (row) => ({ sortKey: row.sort_key, id: row.id }));
  // The previews are the patients' words: one audit row per patient shown.
  const shown = new Map(rows.slice(0, query.limit).map((row) => [row.patient_id, row.id]));
  await auditPatientsShown(deps.db, {
    principal,
    action: 'consultation.list',
    recordType: 'consultation',
    shown: [...shown].map(([patientId, consultationId]) => ({ patientId, recordId: consultationId, details: {} })),
  });
  return page;
}

function toInboxItem(row: InboxRow) {
  return {
    id: row.id,
    patient: { id: row.patient_id, displayName: row.patient_display_name },
    status: row.status,
    channel: row.channel,
    subject: row.subject,
    specialty: row.specialty,
    triageLevel: row.triage_level,
    lastActivityAt: row.last_activity_at.toISOString(),
    unreadCount: row.unread_count,
    lastMessage: row.last_message_at
      ? { direction: row.last_direction ?? 'in', preview: row.last_preview, at: row.last_message_at.toISOString() }
      : null,
    myRole: row.my_role,
    ownerPractitionerId: row.owner_practitioner_id,
  };
}
