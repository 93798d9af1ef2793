import { randomBytes } from 'node:crypto';
import { decryptFieldText, encryptField } from '../../platform/src/encryption';
import {
  gatewayPrincipal,
  insertPatient,
  insertPractitioner,
} from '../../core-api/test/fixtures/consultation-fixtures';
import { startTestCoreApi } from '../../core-api/test/harness';
import { measureOperation, operationRow, OPERATION_COLUMNS, type RowFormat } from '../lib/measure-operation';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

/**
 * Consultation hot paths on real PostgreSQL: the gateway opening consultations (routing), a practitioner's
 * inbox, timeline and replies, file upload and download (encrypted), and note encryption in-process.
 * Short on purpose: the machine is shared. Run: node --import tsx bench/consultations/consultations.bench.ts
 */
const SECTION = 'Consultations and messaging';

async function main(): Promise<void> {
  const api = await startTestCoreApi({ MAX_FILE_BYTES: String(2 * 1024 * 1024) });
  try {
    const db = api.deps.db;
    const gateway = api.tokenFor(gatewayPrincipal);
    const doctors = await Promise.all(
      Array.from({ length: 5 }, () => insertPractitioner(db, { specialties: ['general'], languages: ['fr', 'en'] })),
    );
    const patients: Awaited<ReturnType<typeof insertPatient>>[] = [];
    for (let i = 0; i < 150; i += 1) patients.push(await insertPatient(db, { language: i % 2 ? 'fr' : 'en' }));
    const ids: string[] = [];
    const rows = [
      await measure('POST /consultations, new (routing + inbound row)', 150, 5, async (i) => {
        const res = await api.call('POST', '/api/v1/consultations', {
          token: gateway,
          body: {
            patientId: patients[i]!.patientId,
            channel: 'africastalking-sms',
            text: 'J’ai de la fièvre depuis hier',
          },
        });
        ids[i] = res.body.consultation?.id;
        return res;
      }),
      await measure('POST /consultations, continuing', 150, 5, (i) =>
        api.call('POST', '/api/v1/consultations', {
          token: gateway,
          body: { patientId: patients[i]!.patientId, channel: 'africastalking-sms', text: 'Toujours' },
        }),
      ),
    ];
    const owners = await db.query<{ consultation_id: string; practitioner_id: string }>(
      `SELECT consultation_id, practitioner_id FROM consultation_participants WHERE role = 'owner'`,
    );
    const ownerOf = new Map(owners.rows.map((row) => [row.consultation_id, row.practitioner_id]));
    const tokenOf = (consultationId: string) =>
      api.tokenFor(doctors.find((d) => d.practitionerId === ownerOf.get(consultationId))!.principal);
    const doctor = api.tokenFor(doctors[0]!.principal);
    rows.push(
      await measure('GET /consultations (inbox, ~30 live)', 200, 10, () =>
        api.call('GET', '/api/v1/consultations', { token: doctor }),
      ),
      await measure('GET /consultations/:id (timeline, audited)', 200, 10, (i) =>
        api.call('GET', `/api/v1/consultations/${ids[i % ids.length]}`, { token: tokenOf(ids[i % ids.length]!) }),
      ),
      await measure('POST /consultations/:id/messages (reply to outbox)', 200, 10, (i) =>
        api.call('POST', `/api/v1/consultations/${ids[i % ids.length]}/messages`, {
          token: tokenOf(ids[i % ids.length]!),
          body: { text: 'Buvez beaucoup d’eau et reposez-vous.' },
        }),
      ),
    );
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024 * 1024)]);
    const first = ids[0]!;
    const fileIds: string[] = [];
    rows.push(
      await measure('POST /consultations/:id/files (1 MB PDF, encrypt + store)', 20, 2, async (i) => {
        const res = await fetch(`${api.url}/api/v1/consultations/${first}/files?fileName=scan.pdf`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokenOf(first)}`, 'content-type': 'application/pdf' },
          body: file,
        });
        const body: unknown = await res.json();
        if (body && typeof body === 'object' && 'id' in body && typeof body.id === 'string') fileIds[i] = body.id;
        return res;
      }),
      await measure('link + GET /files/:id/content (1 MB, decrypt)', 20, 2, async (i) => {
        const link = await api.call('POST', `/api/v1/files/${fileIds[i]}/link`, { token: tokenOf(first) });
        const res = await fetch(api.url + link.body.url);
        await res.arrayBuffer();
        return res;
      }),
      await measureLocal('encryptField + decryptField, 500-character note (in-process)', 5000, () => {
        const sealed = encryptField(api.deps.secrets.dataKey, 'n'.repeat(500), 'consultation-note:x');
        decryptFieldText(api.deps.secrets.dataKey, sealed, 'consultation-note:x');
      }),
    );
    await writeBenchmarkSection(
      renderTableSection({
        title: SECTION,
        intro: [
          `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/consultations/consultations.bench.ts\`: core-api in-process, real PostgreSQL 15 on loopback, local file driver, a 2-core machine shared with other work.`,
        ],
        columns: OPERATION_COLUMNS,
        rows,
      }),
    );
    console.log(rows.join('\n'));
  } finally {
    await api.close();
  }
}

/** Sub-millisecond operations print three decimals. */
const FORMAT: RowFormat = { latencyDigits: (latencies) => ((latencies[0] ?? 0) < 1 ? 3 : 1) };
const measure: typeof measureOperation = (name, calls, concurrency, call) =>
  measureOperation(name, calls, concurrency, call, FORMAT);

async function measureLocal(name: string, total: number, run: () => void): Promise<string> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const t0 = performance.now();
    run();
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return operationRow(name, { calls: total, concurrency: 1, latencies, failures: 0, seconds }, FORMAT);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
