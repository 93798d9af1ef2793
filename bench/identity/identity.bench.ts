import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestCoreApi } from '../../core-api/test/harness';

/**
 * Identity hot paths on real PostgreSQL: staff sign-in (argon2id), the gateway's patient resolve
 * (existing and new), a patient read. Short on purpose: the machine is shared.
 * Run: node --import tsx bench/identity/identity.bench.ts
 */
const BENCHMARKS_FILE = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
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
      await measure('POST /auth/login (argon2id verify)', 20, 1, () =>
        api.call('POST', '/api/v1/auth/login', {
          body: { email: 'bench@clinic.example', password: 'bench-password-123' },
        }),
      ),
      await measure('POST /patients/resolve, new patient', 200, 10, (i) =>
        api.call('POST', '/api/v1/patients/resolve', { token: gateway, body: resolveBody(i) }),
      ),
      await measure('POST /patients/resolve, returning patient', 400, 10, (i) =>
        api.call('POST', '/api/v1/patients/resolve', { token: gateway, body: resolveBody(i % 200) }),
      ),
    ];
    const { body: patient } = await api.call('POST', '/api/v1/patients/resolve', {
      token: gateway,
      body: resolveBody(1),
    });
    rows.push(
      await measure('GET /patients/:id (audited read)', 400, 10, () =>
        api.call('GET', `/api/v1/patients/${patient.id}`, { token: gateway }),
      ),
    );
    await writeSection(rows);
    console.log(rows.join('\n'));
  } finally {
    await api.close();
  }
}

async function measure(
  name: string,
  total: number,
  concurrency: number,
  call: (i: number) => Promise<{ status: number }>,
): Promise<string> {
  const durations: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await call(i);
        durations.push(performance.now() - t0);
        if (res.status >= 300) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const pct = (p: number) =>
    (durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))] ?? 0).toFixed(1);
  return `| ${name} | ${total} | ${concurrency} | ${(total / seconds).toFixed(0)} | ${pct(50)} | ${pct(95)} | ${failures} |`;
}

async function writeSection(rows: string[]): Promise<void> {
  const existing = await readFile(BENCHMARKS_FILE, 'utf8').catch(() => '# Benchmarks\n');
  const body = [
    `## ${SECTION}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/identity/identity.bench.ts\`: core-api in-process, real PostgreSQL 15 on loopback, a 2-core machine shared with other work.`,
    '',
    '| operation | requests | concurrency | req/s | p50 ms | p95 ms | non-2xx |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  const pattern = new RegExp(`## ${SECTION.replace(/[()]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  const updated = pattern.test(existing)
    ? existing.replace(pattern, body.trimEnd())
    : `${existing.trimEnd()}\n\n${body}`;
  await writeFile(BENCHMARKS_FILE, updated.endsWith('\n') ? updated : `${updated}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
