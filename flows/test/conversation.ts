import type { ChannelKind, FlowBundle, JsonValue } from '../src/engine/definition.schemas';
import type { Effect, InboundLocation, Session } from '../src/engine/session.schemas';
import { stepFlow } from '../src/engine/step-flow';
import { paginateUssd, toUssdScreen } from '../src/ussd/paginate-ussd';
import type { Universe } from './mock-universe';

export const T0 = new Date('2026-11-26T09:00:00Z');
export const TIMEOUT_MS = 30 * 60_000;

export interface Reply {
  effects: Effect[];
  /** Everything said and asked this turn, choices numbered as a basic phone shows them. */
  text: string;
  ended: boolean;
  actions: { name: string; input: Record<string, unknown> }[];
  ussdPages: string[];
}

/** Drives the engine like the gateway does, answering its actions from the mock universe; clock fixed. */
export class Conversation {
  session: Session | null;
  now: Date = T0;
  readonly calls = new Map<string, number>();
  readonly ussdProblems: string[] = [];
  readonly transcript: string[] = [];

  constructor(
    private readonly bundle: FlowBundle,
    readonly channel: ChannelKind,
    private readonly universe: Universe,
    contact: Record<string, JsonValue> | null = null,
  ) {
    this.session = contact
      ? {
          flowId: null,
          stepId: null,
          stack: [],
          vars: {},
          contact,
          waiting: null,
          history: [],
          channelKind: null,
          lastActivityAt: null,
          turn: 0,
        }
      : null;
  }

  send(input: string | { replyId?: string; location?: InboundLocation; text?: string }, afterMs = 60_000): Reply {
    this.now = new Date(this.now.getTime() + afterMs);
    const message = typeof input === 'string' ? { text: input } : input;
    let result = stepFlow(
      this.bundle,
      this.session,
      { kind: 'message', channelKind: this.channel, ...message },
      this.now,
      { conversationTimeoutMs: TIMEOUT_MS },
    );
    const effects: Effect[] = [...result.effects];
    const actions: Reply['actions'] = [];
    for (let guard = 0; guard < 20; guard += 1) {
      const action = result.effects.find((effect) => effect.type === 'action');
      if (!action || action.type !== 'action') break;
      actions.push({ name: action.name, input: action.input });
      const call = this.calls.get(action.name) ?? 0;
      this.calls.set(action.name, call + 1);
      const handler = this.universe[action.name];
      const reply = handler ? handler(action.input, call) : { ok: false as const };
      result = stepFlow(
        this.bundle,
        result.session,
        { kind: 'actionResult', name: action.name, key: action.key, ...reply },
        this.now,
        { conversationTimeoutMs: TIMEOUT_MS },
      );
      effects.push(...result.effects);
    }
    this.session = result.session;
    const shown = effects.filter((effect) => effect.type !== 'action');
    const text = shown.map(describe).filter(Boolean).join('\n');
    const lang =
      typeof this.session.contact['lang'] === 'string'
        ? this.session.contact['lang']
        : this.bundle.settings.defaultLanguage;
    const catalog = this.bundle.messages[lang] ?? {};
    const { pages, problems } = paginateUssd(
      toUssdScreen(shown, { more: catalog['ussd.more'] ?? 'More', back: catalog['ussd.back'] ?? 'Back' }),
    );
    if (this.channel === 'ussd')
      this.ussdProblems.push(
        ...problems,
        ...pages.filter((page) => page.text.length > 182).map((page) => `too long: ${page.text}`),
      );
    this.transcript.push(`> ${message.text ?? message.replyId ?? 'location'}`, text);
    return {
      effects: shown,
      text,
      ended: shown.some((effect) => effect.type === 'end'),
      actions,
      ussdPages: pages.map((page) => page.text),
    };
  }
}

function describe(effect: Effect): string {
  if (effect.type === 'say') return effect.text;
  if (effect.type === 'ask')
    return [effect.text, ...effect.choices.map((choice, index) => `${index + 1}. ${choice.label}`)].join('\n');
  if (effect.type === 'end') return '[END]';
  return '';
}

/** The fixed part of a message (before its first placeholder), to check a turn against a key in any language. */
export function staticPart(bundle: FlowBundle, lang: string, key: string): string {
  const template = bundle.messages[lang]?.[key];
  if (template === undefined) throw new Error(`no ${lang} text for ${key}`);
  // The longest text between placeholders: "{facility.name}: open now." is recognised by ": open now.".
  const literals = template.split(/\{[^}]*\}/).map((part) => part.trim());
  return literals.reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}
