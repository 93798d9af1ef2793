import { startTestCoreApi } from '../../core-api/test/harness';
import { measureOperation } from '../lib/measure-operation';
import { renderTableSection } from '../lib/render-table-section';
import { writeBenchmarkSection } from '../lib/write-benchmark-section';

/**
 * Identity hot paths on real PostgreSQL: staff sign-in (argon2id), the gateway's patient resolve
 * (existing and new), a patient read. Short on purpose: the machine is shared.
 * Run: node --import tsx bench/identity/identity.bench.ts
 */
const SECTION = 'Identity (core-api auth and patients)';

async function main(): Promise<void> {
  const api = await startTestCoreApi({ LOGIN_RATE_LIMIT_PER_15_MIN: '1000' });
  try {
    const admin = api.tokenFor({ kind: 'user', userId: '00000000-0000-4000-8000-000000000001', role: 'admin' });
    const gateway = api.tokenFor({ kind: 'client', clientId: 'bot-gateway', scopes: ['gateway'] });
    await api.call('POST', '/api/v1/users', {
      token: admin,
      body: {
        email: 'bench@clinic.example',
        password: 'bench-password-123',
        role: 'practitioner',
        displayName: 'Bench',
      },
    });
    const resolveBody = (n: number) => ({
      identity: { kind: 'phone', address: `+2279${String(n).padStart(7, '0')}` },
      channel: 'africastalking-ussd',
    });
    const rows = [
      await measureOperation('POST /auth/login (argon2id verify)', 20, 1, () =>
        api.call('POST', '/api/v1/auth/login', {
          body: { email: 'bench@clinic.example', password: 'bench-password-123' },
        }),
      ),
      await measureOperation('POST /patients/resolve, new patient', 200, 10, (i) =>
        api.call('POST', '/api/v1/patients/resolve', { token: gateway, body: resolveBody(i) }),
      ),
      await measureOperation('POST /patients/resolve, returning patient', 400, 10, (i) =>
        api.call('POST', '/api/v1/patients/resolve', { token: gateway, body: resolveBody(i % 200) }),
      ),
    ];
    const { body: patient } = await api.call('POST', '/api/v1/patients/resolve', {
      token: gateway,
      body: resolveBody(1),
    });
    rows.push(
      await measureOperation('GET /patients/:id (audited read)', 400, 10, () =>
        api.call('GET', `/api/v1/patients/${patient.id}`, { token: gateway }),
      ),
    );
    await writeBenchmarkSection(
      renderTableSection({
        title: SECTION,
        intro: [
          `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/identity/identity.bench.ts\`: core-api in-process, real PostgreSQL 15 on loopback, a 2-core machine shared with other work.`,
        ],
        columns: ['operation', 'requests', 'concurrency', 'req/s', 'p50 ms', 'p95 ms', 'non-2xx'],
        rows,
      }),
    );
    console.log(rows.join('\n'));
  } finally {
    await api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
