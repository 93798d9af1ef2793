import { loadFlowBundle } from '@medlink/flows/engine/load-flow-bundle';

export const bundle = loadFlowBundle();

/** The fixed start of a message (up to its first placeholder), to find it in what the patient got. */
export function textOf(lang: 'fr' | 'en', key: string): string {
  const template = bundle.messages[lang]?.[key];
  if (template === undefined) throw new Error(`no ${lang} text for ${key}`);
  return template.split('{')[0]?.trim() ?? '';
}

export const USSD_LIMIT = 182;

/** A USSD screen as shown: without the `CON `/`END ` protocol prefix. */
export const shown = (screen: string) => screen.slice(4);

/**
 * Sends one input and reads every page of the screen it opened (pressing 98 while there is a next page).
 * Returns all pages, every one checked by the caller for the 182-character limit.
 */
export async function readScreen(
  hop: (input?: string) => Promise<string>,
  input: string | undefined,
  more: string,
): Promise<{ pages: string[]; text: string; ended: boolean }> {
  const pages = [await hop(input)];
  while (pages.at(-1)?.startsWith('CON') && pages.at(-1)?.includes(`\n98 ${more}`)) pages.push(await hop('98'));
  return { pages, text: pages.map(shown).join('\n'), ended: pages.at(-1)?.startsWith('END') === true };
}
