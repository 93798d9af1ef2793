import type { Effect } from '../engine/session.schemas';

/** Africa's Talking and most operators cut a USSD screen at 182 characters. */
export const USSD_MAX_CHARS = 182;
export const USSD_MORE_INPUT = '98';
export const USSD_BACK_INPUT = '0';

export interface UssdScreenInput {
  /** Information shown before the question (`say` effects): may be split across pages at word boundaries. */
  intro: string[];
  /** The question itself: never split, it must fit on one page with the footer. */
  prompt?: string;
  choices: { label: string }[];
  canGoBack: boolean;
  endsSession: boolean;
  /** "More"/"Suite" and "Back"/"Retour" in the patient's language. */
  footer: { more: string; back: string };
}

export interface UssdPage {
  text: string;
  endsSession: boolean;
}

interface Item {
  text: string;
  isSplittable: boolean;
  what: string;
}

/**
 * One engine screen as USSD pages: options keep their global numbers (5 on page 2 is still "5"), every page
 * but the last ends with "98 More", and "0 Back" where going back is possible: on the first page where the
 * flow can go back, on every later page but a last one that ends the session (0 turns the page back there).
 * `problems` lists what cannot fit even alone on a page; the gateway reuses this to answer the "98" input
 * without calling the engine.
 */
export function paginateUssd(
  input: UssdScreenInput,
  limit: number = USSD_MAX_CHARS,
): { pages: UssdPage[]; problems: string[] } {
  const problems: string[] = [];
  const more = `${USSD_MORE_INPUT} ${input.footer.more}`;
  const back = `${USSD_BACK_INPUT} ${input.footer.back}`;
  const hasBack = (pageIndex: number, isLastPage: boolean) =>
    isLastPage && input.endsSession ? false : pageIndex > 0 || (input.canGoBack && !input.endsSession);
  const footerFor = (pageIndex: number, isLastPage: boolean) => [
    ...(isLastPage ? [] : [more]),
    ...(hasBack(pageIndex, isLastPage) ? [back] : []),
  ];
  // Lengths, not joined strings: this runs on every hop, and building each candidate page made most of a
  // hop's garbage.
  const footerLength = (pageIndex: number, isLastPage: boolean) =>
    (isLastPage ? 0 : 1 + more.length) + (hasBack(pageIndex, isLastPage) ? 1 + back.length : 0);

  const items: Item[] = [
    ...input.intro.filter((text) => text.length > 0).map((text) => ({ text, isSplittable: true, what: 'text' })),
    ...(input.prompt ? [{ text: input.prompt, isSplittable: false, what: 'question' }] : []),
    ...input.choices.map((choice, index) => ({
      text: `${index + 1}. ${choice.label}`,
      isSplittable: false,
      what: `option ${index + 1}`,
    })),
  ];
  const pages: string[][] = [];
  let current: string[] = [];
  /** current.join('\n').length */
  let currentLength = 0;
  const queue = [...items];
  while (queue.length > 0) {
    const item = queue.shift();
    if (!item) break;
    const isLast = queue.length === 0;
    const pageLength =
      (current.length > 0 ? currentLength + 1 : 0) + item.text.length + footerLength(pages.length, isLast);
    if (pageLength <= limit) {
      currentLength = current.length > 0 ? currentLength + 1 + item.text.length : item.text.length;
      current.push(item.text);
      continue;
    }
    if (current.length > 0) {
      pages.push(current);
      current = [];
      currentLength = 0;
      queue.unshift(item);
      continue;
    }
    if (item.isSplittable) {
      const [head, tail] = splitToFit(item.text, limit - footerLength(pages.length, false));
      if (head.length > 0 && tail.length > 0) {
        pages.push([head]);
        queue.unshift({ ...item, text: tail });
        continue;
      }
    }
    problems.push(
      `${item.what} is ${item.text.length} characters and cannot fit a ${limit}-character screen with its footer: "${item.text.slice(0, 40)}..."`,
    );
    currentLength = item.text.length;
    current.push(item.text);
  }
  if (current.length > 0) pages.push(current);
  const rendered = pages.map((lines, index) => {
    const isLast = index === pages.length - 1;
    return { text: [...lines, ...footerFor(index, isLast)].join('\n'), endsSession: isLast && input.endsSession };
  });
  return { pages: rendered, problems };
}

/**
 * The longest word-boundary prefix that still fits, and the rest; drawn back to the last line break, else
 * the last sentence end, when that still fills half of it, so a page does not stop mid-sentence ("go to the
 * nearest | hospital") when it could stop at the end of a line.
 */
function splitToFit(text: string, maxLength: number): [string, string] {
  const words = text.split(' ');
  // The head is the words taken, without the empty ones before the first word (double spaces).
  let first = -1;
  let headLength = 0;
  let count = 0;
  for (const word of words) {
    const candidateLength = first >= 0 ? headLength + 1 + word.length : word.length;
    if (candidateLength > maxLength) break;
    headLength = candidateLength;
    if (first < 0 && word.length > 0) first = count;
    count += 1;
  }
  const head = first < 0 ? '' : words.slice(first, count).join(' ');
  const tail = words.slice(count).join(' ');
  const cut = tail ? tidyCut(head) : undefined;
  if (cut === undefined) return [head, tail];
  return [head.slice(0, cut).trimEnd(), [head.slice(cut).trimStart(), tail].filter(Boolean).join(' ')];
}

/** Where to end a page inside `head`: after its last line break or sentence end in the second half. */
function tidyCut(head: string): number | undefined {
  const lineBreak = head.lastIndexOf('\n');
  if (lineBreak >= head.length / 2) return lineBreak + 1;
  let sentenceEnd = -1;
  for (const match of head.matchAll(/[.!?;] /g)) sentenceEnd = match.index + 1;
  return sentenceEnd >= head.length / 2 ? sentenceEnd : undefined;
}

/** The USSD screen for one turn's effects (actions already answered): says, then the question or END. */
export function toUssdScreen(effects: readonly Effect[], footer: UssdScreenInput['footer']): UssdScreenInput {
  const ask = effects.find((effect) => effect.type === 'ask');
  return {
    intro: effects.flatMap((effect) => (effect.type === 'say' ? [effect.text] : [])),
    prompt: ask?.text,
    choices: ask?.choices ?? [],
    canGoBack: ask?.canGoBack ?? false,
    endsSession: effects.some((effect) => effect.type === 'end'),
    footer,
  };
}
