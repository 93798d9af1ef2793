import { Client } from 'pg';
import { z } from 'zod';
import { assessTriage } from '@medlink/core-api/triage/assess-triage';
import { createCoreApiClient, expectOk, type CoreApiClient } from '../../bot-gateway/src/actions/core-api-client';
import { BENCH_DATABASE_URL, CLIENT_SECRET } from './bench-setup';

/**
 * The benchmark session with fixed screens, for the diagnostic servers (serve-floor.ts,
 * serve-fixed-screens.ts): the three question screens, then the triage assessment committed by core-api
 * (the same request the gateway sends) for an adult man who answers the first danger-sign question.
 */
export const FIXED_QUESTION_SCREENS = [
  'How old is the patient?\n1. Under 1 year\n2. 1-4 years\n3. 5-14 years\n4. 15-49 years',
  'Is the patient female or male?\n1. Female\n2. Male',
  'Is the patient struggling to breathe?\n1. Yes\n2. No',
];

const AGE_YEARS = 30;
const SEX = 'male';
const assessmentSchema = z.object({ level: z.string(), triageRecordId: z.string().optional() });

export interface FixedSession {
  /** Commits the assessment through core-api and returns the final screen's text (without END). */
  finalScreen(phone: string, answeredYes: boolean): Promise<string>;
}

export async function openFixedSession(coreApiUrl: string): Promise<FixedSession> {
  const firstQuestion = assessTriage({ ageYears: AGE_YEARS, sex: SEX, pregnant: false, findings: {}, lang: 'en' })
    .nextQuestions[0];
  if (!firstQuestion) throw new Error('the protocol asks no question of an adult');
  const patients = await patientIdsByPhone();
  const api: CoreApiClient = createCoreApiClient({
    baseUrl: coreApiUrl,
    clientId: 'bot-gateway',
    clientSecret: CLIENT_SECRET,
  });
  return {
    async finalScreen(phone, answeredYes) {
      const patientId = patients.get(phone);
      if (!patientId) return 'Unknown patient';
      const body = {
        ageYears: AGE_YEARS,
        sex: SEX,
        pregnant: false,
        findings: Object.fromEntries(firstQuestion.findingCodes.map((code) => [code, answeredYes])),
        lang: 'en',
        patientId,
        channel: 'africastalking-ussd',
      };
      const result = expectOk(await api.request('POST', '/triage/assess', { body }), assessmentSchema);
      return `EMERGENCY: go to the nearest hospital now, or call 999. (${result.level})`;
    },
  };
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
