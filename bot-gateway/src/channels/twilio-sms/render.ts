import { renderNumberedText } from '../render-text';
import { splitSms } from '../../sms/split-sms';
import type { OutboundContent } from '../types';
import type { TwilioOutboundMessage } from '../../providers/twilio/send-message';

/** SMS has no buttons: choices become a numbered list; a long text becomes numbered parts. */
export function renderTwilioSms(content: OutboundContent, to: string, from: string): TwilioOutboundMessage[] {
  return splitSms(renderNumberedText(content)).map((Body, index) => ({
    To: to,
    From: from,
    Body,
    ...(index === 0 && content.media ? { MediaUrl: [content.media.url] } : {}),
  }));
}
