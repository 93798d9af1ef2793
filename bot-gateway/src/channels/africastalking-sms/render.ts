import { renderNumberedText } from '../render-text';
import { splitSms } from '../../sms/split-sms';
import type { OutboundContent } from '../types';

/** The fields of POST /version1/messaging for one recipient (username and apiKey are the send client's). */
export interface AfricasTalkingSmsParams {
  to: string;
  message: string;
  from?: string;
}

export function renderAfricasTalkingSms(
  content: OutboundContent,
  to: string,
  from: string | undefined,
): AfricasTalkingSmsParams[] {
  return splitSms(renderNumberedText(content)).map((message) => ({ to, message, ...(from ? { from } : {}) }));
}
