import type { Effect } from '@medlink/flows/engine/session.schemas';
import { toUssdScreen, type UssdScreenInput } from '@medlink/flows/ussd/paginate-ussd';
import type { ChannelKind, Choice, OutboundContent } from '../channels/types';
import { WHATSAPP_LIMITS } from '../whatsapp/plan-choices';

export interface RenderedTurn {
  outputs: OutboundContent[];
  /** USSD: the screen for the one pager (questions kept whole, "0 Back" where the flow allows it). */
  ussdScreen?: UssdScreenInput;
}

const CHOOSE = { fr: 'Choisir', en: 'Choose' } as const;

/**
 * One turn's effects as what the channel shows: everything said plus the question in one message (one
 * USSD screen, one SMS thread entry, one WhatsApp message whose choices become buttons or a list).
 */
export function renderFlowEffects(
  effects: readonly Effect[],
  kind: ChannelKind,
  lang: 'fr' | 'en',
  footer: UssdScreenInput['footer'],
): RenderedTurn {
  const shown = effects.filter((effect) => effect.type !== 'action');
  const ask = shown.find((effect) => effect.type === 'ask');
  const endsSession = shown.some((effect) => effect.type === 'end');
  const texts = shown.flatMap((effect) => (effect.type === 'say' || effect.type === 'ask' ? [effect.text] : []));
  if (texts.length === 0 && !ask) return { outputs: [] };
  const listed =
    ask && ask.type === 'ask' && ask.choices.length > 0
      ? ask.choices.map((choice) => ({ id: choice.id, label: choice.label }))
      : undefined;
  const choices = listed && kind === 'whatsapp' ? fitWhatsappRows(listed) : listed;
  const content: OutboundContent = {
    text: texts.join(kind === 'ussd' ? '\n' : '\n\n'),
    ...(choices ? { choices, choicesLabel: CHOOSE[lang] } : {}),
    ...(kind === 'ussd' && endsSession ? { endsSession: true } : {}),
  };
  return {
    outputs: [content],
    ...(kind === 'ussd' ? { ussdScreen: splitIntoLines(toUssdScreen(shown, footer)) } : {}),
  };
}

/**
 * A WhatsApp list row title holds 24 characters: a longer label keeps its whole text as the row's
 * description and its first words as the title, so the menu stays a tappable list instead of text.
 */
function fitWhatsappRows(choices: Choice[]): Choice[] {
  const isTooLong = choices.some((choice) => choice.label.length > WHATSAPP_LIMITS.rowTitle);
  const canList =
    choices.length <= WHATSAPP_LIMITS.listRows &&
    choices.every((choice) => choice.label.length <= WHATSAPP_LIMITS.rowDescription);
  if (!isTooLong || !canList) return choices;
  return choices.map((choice) =>
    choice.label.length <= WHATSAPP_LIMITS.rowTitle
      ? choice
      : { ...choice, label: leadingWords(choice.label, WHATSAPP_LIMITS.rowTitle), description: choice.label },
  );
}

function leadingWords(text: string, limit: number): string {
  let head = '';
  for (const word of text.split(' ')) {
    const candidate = head ? `${head} ${word}` : word;
    if (candidate.length > limit) break;
    head = candidate;
  }
  return head || text.slice(0, limit);
}

/**
 * Each line of information is its own pager item, so a page breaks between lines before it breaks
 * between words: "EMERGENCY: go now to Bute District Hospital, or call 999." stays on one screen.
 */
function splitIntoLines(screen: UssdScreenInput): UssdScreenInput {
  return { ...screen, intro: screen.intro.flatMap((text) => text.split('\n')) };
}
