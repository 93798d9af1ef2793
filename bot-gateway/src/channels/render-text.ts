import type { OutboundContent } from './types';

/** Choices as a numbered list under the text: how SMS (and WhatsApp beyond its limits) shows a menu. */
export function renderNumberedText(content: Pick<OutboundContent, 'text' | 'choices'>): string {
  const options = (content.choices ?? []).map((choice, index) => `${index + 1}. ${choice.label}`);
  return [content.text, ...options].filter((line) => line !== '').join('\n');
}
