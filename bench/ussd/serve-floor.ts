import { createServer } from 'node:http';
import { Client } from 'pg';
import { z } from 'zod';
import { assessTriage } from '@medlink/core-api/triage/assess-triage';
import { connectRedis } from '@medlink/platform/redis';
import { createCoreApiClient, expectOk } from '../../bot-gateway/src/actions/core-api-client';
import { createRedisUssdSessionStore } from '../../bot-gateway/src/ussd/ussd-session-store';
import { BENCH_DATABASE_URL, CLIENT_SECRET, REDIS_URL } from './bench-setup';

/**
 * Not a product path: the floor of the benchmark's USSD session. Only the work the issue requires of every
 * session, and nothing else: node:http and the form; the session written to Redis on every hop by the
 * gateway's own compare-and-set store; on the last hop, the triage assessment committed by core-api (HTTP,
 * service token, the same request the gateway sends). No flow engine, no hop log, no facility search, fixed
 * screens, patients known from the start. Whatever a gateway does on top costs more, so this bounds what
 * any design of it reaches on this machine (bench/ussd/run.ts with USSD_BENCH_FLOOR=1).
 */
const SCREENS = [
  'CON How old is the patient?\n1. Under 1 year\n2. 1-4 years\n3. 5-14 years\n4. 15-49 years',
  'CON Is the patient female or male?\n1. Female\n2. Male',
  'CON Is the patient struggling to breathe?\n1. Yes\n2. No',
];
const AGE_YEARS = 30;
const SEX = 'male';

async function main(): Promise<void> {
  const firstQuestion = assessTriage({ ageYears: AGE_YEARS, sex: SEX, pregnant: false, findings: {}, lang: 'en' })
    .nextQuestions[0];
  if (!firstQuestion) throw new Error('the protocol asks no question of an adult');
  const patients = await patientIdsByPhone();
  const redis = connectRedis(REDIS_URL, (error) => console.error(error.message));
  const sessions = createRedisUssdSessionStore(redis, `bench-floor-${process.pid}:`);
  const api = createCoreApiClient({
    baseUrl: process.env.CORE_API_URL ?? 'http://127.0.0.1:3392',
    clientId: 'bot-gateway',
    clientSecret: CLIENT_SECRET,
  });
  const assessmentSchema = z.object({ level: z.string(), triageRecordId: z.string().optional() });

  const answer = async (form: URLSearchParams): Promise<string> => {
    const sessionId = form.get('sessionId') ?? '';
    const phone = form.get('phoneNumber') ?? '';
    const inputs = (form.get('text') ?? '').split('*');
    const step = inputs.length - 1;
    const expected = sessions.cached(sessionId)?.version ?? 0;
    let screen = SCREENS[step];
    if (screen === undefined) {
      const patientId = patients.get(phone);
      if (!patientId) return 'END Unknown patient';
      const findings = Object.fromEntries(firstQuestion.findingCodes.map((code) => [code, inputs[3] === '1']));
      const body = {
        ageYears: AGE_YEARS,
        sex: SEX,
        pregnant: false,
        findings,
        lang: 'en',
        patientId,
        channel: 'africastalking-ussd',
      };
      const result = expectOk(await api.request('POST', '/triage/assess', { body }), assessmentSchema);
      screen = `END EMERGENCY: go now to the nearest hospital, or call 999. (${result.level})`;
    }
    const session = {
      phone,
      mode: 'flow' as const,
      state: { step, inputs },
      screen: { pages: [screen.slice(4)], page: 0, endsSession: screen.startsWith('END') },
    };
    await sessions.save(sessionId, expected, session, phone, { kind: 'keep' });
    return screen;
  };

  const server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.end('ok');
      return;
    }
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      answer(new URLSearchParams(raw)).then(
        (text) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(text);
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
    });
  });
  server.listen(Number(process.env.PORT ?? 3391), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    redis.disconnect();
    process.exit(0);
  });
}

async function patientIdsByPhone(): Promise<Map<string, string>> {
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ address: string; patient_id: string }>(
    `SELECT address, patient_id FROM patient_identities WHERE kind = 'phone'`,
  );
  await db.end();
  return new Map(rows.map((row) => [row.address, row.patient_id]));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
