import type { CoreApiDeps } from '../deps';
import { writeAudit } from '../shared/audit';
import { toPage } from '../shared/pagination';
import type { Principal } from '../shared/principal';
import { auditPatientsShown } from './audit-patients-shown';
import { findMessageLog, findStatusEvents, type MessageLogFilter } from './messages.repository';
import { parseKeysetCursor } from './parse-keyset-cursor';
import { toMessageDto } from './to-message-dto';

/** The support view of the message log; every read is audited, once per patient whose messages were shown. */
export async function listMessageLog(
  deps: CoreApiDeps,
  principal: Principal | undefined,
  query: Omit<MessageLogFilter, 'after' | 'limit'> & { cursor?: string; limit: number },
  action = 'message_log.read',
) {
  const after = parseKeysetCursor(query.cursor);
  const rows = await findMessageLog(deps.db, { ...query, after });
  const shown = rows.slice(0, query.limit);
  const history = await findStatusEvents(
    deps.db,
    shown.map((row) => row.id),
  );
  const page = toPage(
    rows,
    query.limit,
    (row) => toMessageDto(row, history.get(row.id), { includeContact: true }),
    (row) => ({ sortKey: row.sort_key, id: row.id }),
  );
  const filters = {
    contact: query.contact ? 'set' : undefined,
    channel: query.channel,
    direction: query.direction,
    status: query.status,
  };
  const patients = [...new Set(shown.map((row) => row.patient_id))];
  if (patients.length === 0)
    await writeAudit(deps.db, { principal, action, recordType: 'message', details: { count: 0, filters } });
  await auditPatientsShown(deps.db, {
    principal,
    action,
    recordType: 'message',
    shown: patients.map((patientId) => ({
      patientId,
      recordId: null,
      details: { count: shown.filter((row) => row.patient_id === patientId).length, filters },
    })),
  });
  return page;
}
