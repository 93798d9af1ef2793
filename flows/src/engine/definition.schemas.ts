import { z } from 'zod';

/** Bumped only with a migration script and fixture (STYLE.md §5): a published version never changes shape. */
export const FLOW_SCHEMA_VERSION = 1;

export const CHANNEL_KINDS = ['ussd', 'sms', 'whatsapp'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const idPattern = /^[a-z0-9][a-z0-9_-]*$/;
export const stepIdSchema = z.string().regex(idPattern, 'lower-case letters, digits, _ and -');
export const flowIdSchema = z.string().regex(idPattern, 'lower-case letters, digits, _ and -');
/** A message key such as `triage.ask_age`: the text itself lives in definitions/messages/<lang>.json. */
export const messageKeySchema = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'a dotted message key like "menu.prompt"');
/** A variable path: `age`, `triage.level`, `triage.nextQuestions.0.text`, `contact.lang`. */
export const varPathSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'a variable path like "triage.level"');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

export type Condition =
  | { var: string; equals: JsonValue }
  | { var: string; notEquals: JsonValue }
  | { var: string; in: JsonValue[] }
  | { var: string; isSet: boolean }
  | { var: string; isEmpty: boolean }
  | { var: string; atLeast: number }
  | { var: string; below: number }
  | { channel: ChannelKind[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ var: varPathSchema, equals: jsonValueSchema }),
    z.strictObject({ var: varPathSchema, notEquals: jsonValueSchema }),
    z.strictObject({ var: varPathSchema, in: z.array(jsonValueSchema) }),
    z.strictObject({ var: varPathSchema, isSet: z.boolean() }),
    z.strictObject({ var: varPathSchema, isEmpty: z.boolean() }),
    z.strictObject({ var: varPathSchema, atLeast: z.number() }),
    z.strictObject({ var: varPathSchema, below: z.number() }),
    z.strictObject({ channel: z.array(z.enum(CHANNEL_KINDS)).min(1) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const choiceOptionSchema = z.strictObject({
  id: stepIdSchema,
  label: messageKeySchema,
  value: jsonValueSchema.optional(),
  next: stepIdSchema.optional(),
});

const askInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('choice'),
    options: z.array(choiceOptionSchema).optional(),
    /** A list variable whose items become options (before the static ones), labelled with `optionLabel`. */
    from: varPathSchema.optional(),
    optionLabel: messageKeySchema.optional(),
  }),
  z.strictObject({ kind: z.literal('yesno'), yes: stepIdSchema.optional(), no: stepIdSchema.optional() }),
  z.strictObject({
    kind: z.literal('text'),
    minLength: z.number().int().min(1).optional(),
    maxLength: z.number().int().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('number'), min: z.number(), max: z.number() }),
  z.strictObject({ kind: z.literal('location') }),
]);
export type AskInput = z.infer<typeof askInputSchema>;

const setOpSchema = z.union([
  z.strictObject({ assign: varPathSchema, value: jsonValueSchema }),
  z.strictObject({ append: varPathSchema, value: jsonValueSchema }),
  /** `target[key] = value` for every key of a list: how yes/no answers become triage findings. */
  z.strictObject({ setKeys: varPathSchema, keys: jsonValueSchema, value: jsonValueSchema }),
  z.strictObject({ increment: varPathSchema, by: z.number().optional() }),
  z.strictObject({ unset: varPathSchema }),
]);
export type SetOp = z.infer<typeof setOpSchema>;

const stepSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('say'), text: messageKeySchema, next: stepIdSchema }),
  z.strictObject({
    type: z.literal('ask'),
    text: messageKeySchema,
    input: askInputSchema,
    store: varPathSchema.optional(),
    next: stepIdSchema.optional(),
    hint: messageKeySchema.optional(),
    /** false where going back makes no sense (after a booking is made). */
    back: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('action'),
    action: z.string().min(1),
    input: z.record(z.string(), jsonValueSchema).optional(),
    store: varPathSchema.optional(),
    next: stepIdSchema,
    onFailure: stepIdSchema,
  }),
  z.strictObject({
    type: z.literal('branch'),
    cases: z.array(z.strictObject({ when: conditionSchema, next: stepIdSchema })).min(1),
    otherwise: stepIdSchema,
  }),
  z.strictObject({ type: z.literal('set'), ops: z.array(setOpSchema).min(1), next: stepIdSchema }),
  z.strictObject({ type: z.literal('goto'), flow: flowIdSchema, step: stepIdSchema.optional() }),
  z.strictObject({ type: z.literal('subflow'), flow: flowIdSchema, next: stepIdSchema }),
  z.strictObject({ type: z.literal('return') }),
  z.strictObject({ type: z.literal('end'), text: messageKeySchema.optional() }),
]);
export type Step = z.infer<typeof stepSchema>;
export type AskStep = Extract<Step, { type: 'ask' }>;

export const flowDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  id: flowIdSchema,
  description: z.string().min(1),
  start: stepIdSchema,
  steps: z.record(stepIdSchema, stepSchema),
});
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;

const keywordSchema = z.strictObject({
  words: z.array(z.string().min(1)).min(1),
  flow: flowIdSchema,
  step: stepIdSchema.optional(),
  /** subflow: come back to the pending question afterwards (HELP, LANGUAGE); goto: leave it (MENU, STOP). */
  mode: z.enum(['goto', 'subflow']),
  /** Keywords that lead to clinical content go to the entry flow until consent is given. */
  requiresConsent: z.boolean(),
  /** true for STOP: it wins even where the word is also an answer to the pending question. */
  always: z.boolean().optional(),
});
export type Keyword = z.infer<typeof keywordSchema>;

export const flowSettingsSchema = z.strictObject({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  defaultLanguage: z.string().regex(/^[a-z]{2,3}$/),
  entryFlow: flowIdSchema,
  menuFlow: flowIdSchema,
  /** Where a patient who sent STOP lands when they dial the USSD code (SMS and WhatsApp stay silent). */
  optedOutUssdFlow: flowIdSchema,
  maxInvalidAnswers: z.number().int().min(1),
  /** On SMS and WhatsApp only: USSD has no free text keywords, only "0" for back. */
  keywords: z.array(keywordSchema),
  backWords: z.array(z.string().min(1)),
  answerWords: z.strictObject({
    yes: z.array(z.string().min(1)),
    no: z.array(z.string().min(1)),
    numbers: z.record(z.string(), z.number().int().min(0)),
  }),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

/** One language's texts: message key -> text with {placeholders}. */
export const messageCatalogSchema = z.record(messageKeySchema, z.string().min(1));
export type MessageCatalog = z.infer<typeof messageCatalogSchema>;

export interface FlowBundle {
  flows: ReadonlyMap<string, FlowDefinition>;
  messages: Readonly<Record<string, MessageCatalog>>;
  settings: FlowSettings;
}
