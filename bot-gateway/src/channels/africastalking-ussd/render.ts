import { paginateUssdScreen, type UssdLanguage } from '../../ussd/paginate-ussd-screen';
import type { OutboundContent } from '../types';

/** The `CON ...`/`END ...` answers for a screen: one per page; only the last page of an ending screen ends. */
export function renderAfricasTalkingUssd(content: OutboundContent, lang: UssdLanguage = 'fr'): string[] {
  const pages = paginateUssdScreen(content, lang);
  return pages.map(
    (page, index) => `${content.endsSession === true && index === pages.length - 1 ? 'END' : 'CON'} ${page}`,
  );
}
