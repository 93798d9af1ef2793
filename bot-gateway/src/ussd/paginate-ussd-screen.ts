import { packWords } from '../sms/split-sms';
import type { OutboundContent } from '../channels/types';

/** What a handset shows of one USSD screen (the `CON `/`END ` prefix is protocol, not shown). */
export const USSD_SCREEN_LIMIT = 182;
export const USSD_NEXT_INPUT = '98';
export const USSD_BACK_INPUT = '0';

export type UssdLanguage = 'fr' | 'en';

const FOOTER = {
  fr: { more: '98 Suite', back: '0 Retour' },
  en: { more: '98 More', back: '0 Back' },
} as const;

/**
 * Splits a screen into pages of at most 182 characters. Options keep their global number (so "7"
 * means the same on every page), a page never cuts an option or a word, and the pager's own
 * lines are "98 More" (next page) and "0 Back" (previous page).
 */
export function paginateUssdScreen(content: Pick<OutboundContent, 'text' | 'choices'>, lang: UssdLanguage, limit = USSD_SCREEN_LIMIT): string[] {
  const options = (content.choices ?? []).map((choice, index) => `${index + 1}. ${choice.label}`);
  const whole = [content.text, ...options].filter((line) => line !== '').join('\n');
  if (whole.length <= limit) return [whole];

  const footer = FOOTER[lang];
  const room = limit - footer.more.length - footer.back.length - 2;
  const promptChunks = content.text.length <= room ? [content.text] : packWords(content.text, (_n, body) => body.length <= room);
  const items = [...promptChunks.filter((chunk) => chunk !== ''), ...options.map((option) => fitLine(option, room))];

  const pages: string[] = [];
  let current: string[] = [];
  for (let index = 0; index < items.length; ) {
    const item = items[index] ?? '';
    const back = pages.length > 0 ? [footer.back] : [];
    const more = index < items.length - 1 ? [footer.more] : [];
    if ([...current, item, ...more, ...back].join('\n').length <= limit) {
      current.push(item);
      index += 1;
      continue;
    }
    pages.push([...current, footer.more, ...back].join('\n'));
    current = [];
  }
  pages.push([...current, ...(pages.length > 0 ? [footer.back] : [])].join('\n'));
  return pages;
}

/** Last resort for an option no page can hold (the flow validator should have refused it). */
function fitLine(line: string, room: number): string {
  if (line.length <= room) return line;
  const words = packWords(line, (_n, body) => body.length <= room - 1);
  return `${words[0] ?? line.slice(0, room - 1)}…`;
}
