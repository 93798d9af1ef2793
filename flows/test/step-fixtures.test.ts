import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { flowDefinitionSchema, jsonValueSchema, messageCatalogSchema } from '../src/engine/definition.schemas';
import type { FlowBundle } from '../src/engine/definition.schemas';
import { runFrom } from '../src/engine/run-steps';
import { createSession, sessionSchema } from '../src/engine/session.schemas';
import type { EngineEvent } from '../src/engine/session.schemas';
import { stepFlow } from '../src/engine/step-flow';

/** One fixture file per step type (STYLE.md §5): session before, event (none: run from the flow's start), effects, session after. */
const DIR = path.join(__dirname, 'fixtures/steps');
const fixtureSchema = z.object({
  about: z.string(),
  flows: z.array(flowDefinitionSchema).min(1),
  messages: z.record(z.string(), messageCatalogSchema),
  cases: z.array(
    z.object({
      name: z.string(),
      session: z.record(z.string(), jsonValueSchema),
      event: jsonValueSchema,
      effects: z.array(z.record(z.string(), jsonValueSchema)),
      sessionAfter: z.record(z.string(), jsonValueSchema),
    }),
  ),
});
const eventSchema: z.ZodType<EngineEvent> = z.union([
  z.object({
    kind: z.literal('message'),
    channelKind: z.enum(['ussd', 'sms', 'whatsapp']),
    text: z.string().optional(),
    replyId: z.string().optional(),
  }),
  z.object({
    kind: z.literal('actionResult'),
    name: z.string(),
    key: z.string(),
    ok: z.boolean(),
    output: z.unknown().optional(),
  }),
]);

const rows = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => {
    const fixture = fixtureSchema.parse(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
    return fixture.cases.map((fixtureCase) => ({ stepType: path.basename(file, '.json'), fixture, fixtureCase }));
  });

test.each(rows)('$stepType: $fixtureCase.name', ({ fixture, fixtureCase }) => {
  const [first] = fixture.flows;
  if (!first) throw new Error('a fixture needs a flow');
  const bundle: FlowBundle = {
    flows: new Map(fixture.flows.map((flow) => [flow.id, flow])),
    messages: fixture.messages,
    settings: {
      schemaVersion: 1,
      languages: ['en'],
      defaultLanguage: 'en',
      entryFlow: first.id,
      menuFlow: first.id,
      optedOutUssdFlow: first.id,
      maxInvalidAnswers: 3,
      keywords: [],
      backWords: [],
      answerWords: { yes: [], no: [], numbers: {} },
    },
  };
  const session = sessionSchema.parse({ ...createSession(), ...fixtureCase.session });
  if (fixtureCase.event === null) {
    const turn = { bundle, session, effects: [] };
    runFrom(turn, { flowId: first.id, stepId: first.start });
    expect(turn.effects).toEqual(fixtureCase.effects);
    expect(turn.session).toMatchObject(fixtureCase.sessionAfter);
  } else {
    const result = stepFlow(bundle, session, eventSchema.parse(fixtureCase.event), new Date('2026-11-26T09:00:00Z'), {
      conversationTimeoutMs: 1_800_000,
    });
    expect(result.effects).toEqual(fixtureCase.effects);
    expect(result.session).toMatchObject(fixtureCase.sessionAfter);
  }
});
