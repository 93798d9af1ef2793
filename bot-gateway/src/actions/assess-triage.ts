import { z } from 'zod';
import { assessTriage as assessLocally } from '@medlink/core-api/triage/assess-triage';
import type { ActionOutput } from '@medlink/flows/engine/action-contracts';
import type { FlowAction } from './action-context';
import type { CoreApiClient } from './core-api-client';
import { expectOk } from './core-api-client';

const assessmentSchema = z.object({
  level: z.enum(['emergency', 'urgent', 'routine', 'self_care']),
  specialty: z.string(),
  advice: z.string(),
  returnIf: z.array(z.string()),
  nextQuestions: z.array(z.object({ id: z.string(), findingCodes: z.array(z.string()), text: z.string() })),
  isFinal: z.boolean(),
  triageRecordId: z.string().optional(),
  protocolVersion: z.string(),
});

/**
 * While questions remain, the next one comes from the same pure triage function and protocol that
 * core-api runs, here in the gateway: no round trip per question. That shortcut is taken only while
 * core-api serves the same protocol version (checked once, then every few minutes). The final
 * assessment always goes to core-api, which stores it for the patient before the reply leaves.
 */
export const assessTriage: FlowAction<'assessTriage'> = async (input, context) => {
  const lang = input.lang === 'en' ? 'en' : 'fr';
  const request = {
    ageYears: input.ageYears,
    sex: input.sex,
    pregnant: input.pregnant,
    ...(input.complaintText ? { complaintText: input.complaintText } : {}),
    findings: input.findings,
    lang,
  } as const;
  const local = assessLocally(request);
  if (!local.isFinal && (await servedProtocolVersion(context.api)) === local.protocolVersion) return toOutput(local);
  const patient = await context.patient();
  const body = { ...request, patientId: patient.patientId, channel: context.channel };
  return toOutput(expectOk(await context.api.request('POST', '/triage/assess', { body }), assessmentSchema));
};

function toOutput(result: z.infer<typeof assessmentSchema>): ActionOutput<'assessTriage'> {
  return {
    level: result.level,
    specialty: result.specialty,
    advice: result.advice,
    returnIf: result.returnIf,
    nextQuestions: result.nextQuestions.filter((question) => question.findingCodes.length > 0),
    isFinal: result.isFinal,
    ...(result.triageRecordId ? { triageRecordId: result.triageRecordId } : {}),
    protocolVersion: result.protocolVersion,
  };
}

const PROTOCOL_CHECK_MS = 5 * 60_000;
let served: { version: Promise<string | undefined>; at: number } | undefined;

/** The protocol version core-api serves (GET /triage/protocol), cached; undefined when unknown. */
function servedProtocolVersion(api: CoreApiClient): Promise<string | undefined> {
  if (served && Date.now() - served.at < PROTOCOL_CHECK_MS) return served.version;
  const version = api
    .request('GET', '/triage/protocol')
    .then((response) => expectOk(response, z.object({ protocolVersion: z.string() })).protocolVersion)
    .catch(() => undefined);
  served = { version, at: Date.now() };
  return version;
}
