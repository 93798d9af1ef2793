import { paginateUssd, USSD_BACK_INPUT, USSD_MAX_CHARS, USSD_MORE_INPUT } from '@medlink/flows/ussd/paginate-ussd';
import { packWords } from '../sms/split-sms';
import type { OutboundContent } from '../channels/types';

/** What a handset shows of one USSD screen (the `CON `/`END ` prefix is protocol, not shown). */
export const USSD_SCREEN_LIMIT = USSD_MAX_CHARS;
export const USSD_NEXT_INPUT = USSD_MORE_INPUT;
export { USSD_BACK_INPUT };

export type UssdLanguage = 'fr' | 'en';

const FOOTER = {
  fr: { more: 'Suite', back: 'Retour' },
  en: { more: 'More', back: 'Back' },
} as const;

/**
 * Content that is not a flow turn (a text and its options) on flows' one USSD pager: the text may
 * split between words, options keep their global number, "98 More" on every page but the last and
 * "0 Back" on every page but the first. Flow turns page through `paginateUssd` directly, with their
 * question kept whole and "0 Back" on the first page too where the flow can go back.
 */
export function paginateUssdScreen(
  content: Pick<OutboundContent, 'text' | 'choices'>,
  lang: UssdLanguage,
  limit = USSD_SCREEN_LIMIT,
): string[] {
  // A later page in the middle carries both pager lines.
  const room =
    limit - `${USSD_MORE_INPUT} ${FOOTER[lang].more}`.length - `${USSD_BACK_INPUT} ${FOOTER[lang].back}`.length - 2;
  const choices = (content.choices ?? []).map((choice, index) => ({
    label: fitLabel(choice.label, room - `${index + 1}. `.length),
  }));
  const screen = { intro: [content.text], choices, canGoBack: false, endsSession: false, footer: FOOTER[lang] };
  return paginateUssd(screen, limit).pages.map((page) => page.text);
}

/** Last resort for an option no page can hold (the flow validator refuses these in definitions). */
function fitLabel(label: string, room: number): string {
  if (label.length <= room) return label;
  const words = packWords(label, (_n, body) => body.length <= room - 1);
  return `${words[0] ?? label.slice(0, room - 1)}…`;
}
