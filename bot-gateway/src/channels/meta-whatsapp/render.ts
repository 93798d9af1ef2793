import { renderNumberedText } from '../render-text';
import { packWords } from '../../sms/split-sms';
import { listButtonLabel, planChoices, WHATSAPP_LIMITS } from '../../whatsapp/plan-choices';
import type { OutboundContent } from '../types';

// https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
export type MetaMessageBody = { messaging_product: 'whatsapp'; recipient_type: 'individual'; to: string } & (
  | { type: 'text'; text: { body: string; preview_url: false } }
  | { type: 'image'; image: { link: string; caption?: string } }
  | { type: 'interactive'; interactive: MetaInteractive }
  | { type: 'template'; template: { name: string; language: { code: string }; components: MetaTemplateComponent[] } }
);

type MetaInteractive =
  | {
      type: 'button';
      body: { text: string };
      action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
    }
  | {
      type: 'list';
      body: { text: string };
      action: {
        button: string;
        sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
      };
    };

type MetaTemplateComponent = { type: 'body'; parameters: { type: 'text'; text: string }[] };

/** Buttons (≤3, ≤20 chars), a list (≤10 rows, ≤24/≤72 chars), else numbered text; templates outside the 24 h window. */
export function renderMetaWhatsapp(content: OutboundContent, to: string): MetaMessageBody[] {
  const envelope = { messaging_product: 'whatsapp' as const, recipient_type: 'individual' as const, to };
  if (content.template) {
    const { name, language, parameters } = content.template;
    const components: MetaTemplateComponent[] =
      parameters.length > 0 ? [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] : [];
    return [{ ...envelope, type: 'template', template: { name, language: { code: language }, components } }];
  }
  const bodies: MetaMessageBody[] = [];
  if (content.media) {
    const caption = content.media.caption;
    bodies.push({ ...envelope, type: 'image', image: { link: content.media.url, ...(caption ? { caption } : {}) } });
  }
  const presentation = planChoices(content.text, content.choices);
  const choices = content.choices ?? [];
  if (presentation === 'buttons') {
    const buttons = choices.map((choice) => ({
      type: 'reply' as const,
      reply: { id: choice.id, title: choice.label },
    }));
    bodies.push({
      ...envelope,
      type: 'interactive',
      interactive: { type: 'button', body: { text: content.text }, action: { buttons } },
    });
    return bodies;
  }
  if (presentation === 'list') {
    const rows = choices.map((choice) => ({
      id: choice.id,
      title: choice.label,
      ...(choice.description ? { description: choice.description } : {}),
    }));
    const button = listButtonLabel(content.choicesLabel);
    bodies.push({
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: content.text },
        action: { button, sections: [{ title: button.slice(0, 24), rows }] },
      },
    });
    return bodies;
  }
  const text = renderNumberedText(content);
  if (text === '') return bodies;
  for (const body of packWords(text, (_n, part) => part.length <= WHATSAPP_LIMITS.textBody)) {
    bodies.push({ ...envelope, type: 'text', text: { body, preview_url: false } });
  }
  return bodies;
}
