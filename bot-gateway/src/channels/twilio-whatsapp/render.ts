import { renderNumberedText } from '../render-text';
import { packWords } from '../../sms/split-sms';
import { listButtonLabel, planChoices, WHATSAPP_LIMITS } from '../../whatsapp/plan-choices';
import type { OutboundContent } from '../types';
import type { TwilioOutboundMessage } from '../../providers/twilio/send-message';

/**
 * `to` is the WhatsApp id (digits). Buttons and lists travel as a Content API definition that the
 * send client turns into a ContentSid; a template travels as ContentSid + ContentVariables.
 */
export function renderTwilioWhatsapp(content: OutboundContent, to: string, from: string): TwilioOutboundMessage[] {
  const address = {
    To: `whatsapp:+${to.replace(/^\+/, '')}`,
    From: from.startsWith('whatsapp:') ? from : `whatsapp:${from}`,
  };
  if (content.template) {
    const variables = Object.fromEntries(content.template.parameters.map((value, index) => [String(index + 1), value]));
    return [{ ...address, ContentSid: content.template.name, ContentVariables: JSON.stringify(variables) }];
  }
  const presentation = planChoices(content.text, content.choices);
  const choices = content.choices ?? [];
  const media = content.media ? { MediaUrl: [content.media.url] } : {};
  if (presentation === 'buttons') {
    const actions = choices.map((choice) => ({ id: choice.id, title: choice.label }));
    return [{ ...address, content: { type: 'twilio/quick-reply', language: 'fr', body: content.text, actions } }];
  }
  if (presentation === 'list') {
    const items = choices.map((choice) => ({
      id: choice.id,
      item: choice.label,
      ...(choice.description ? { description: choice.description } : {}),
    }));
    const button = listButtonLabel(content.choicesLabel);
    return [{ ...address, content: { type: 'twilio/list-picker', language: 'fr', body: content.text, button, items } }];
  }
  const bodies = packWords(renderNumberedText(content), (_n, body) => body.length <= WHATSAPP_LIMITS.textBody);
  return bodies.map((Body, index) => ({ ...address, Body, ...(index === 0 ? media : {}) }));
}
