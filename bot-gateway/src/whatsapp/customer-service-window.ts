import type { OutboundContent } from '../channels/types';

// https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600 * 1000;

/** The one place that holds WhatsApp's rule: free-form messages only within 24 h of the patient's last message. */
export function canReplyFreely(lastInboundAt: Date | undefined, now: Date): boolean {
  if (!lastInboundAt) return false;
  const elapsed = now.getTime() - lastInboundAt.getTime();
  return elapsed >= 0 && elapsed < CUSTOMER_SERVICE_WINDOW_MS;
}

export type WhatsappDeliveryPlan =
  | { via: 'whatsapp'; content: OutboundContent }
  | { via: 'whatsapp-template'; content: OutboundContent }
  | { via: 'sms'; content: OutboundContent; phone: string }
  | { via: 'none'; reason: 'outside-window-without-template-or-phone' };

/**
 * Outside the window a free-form message would be refused (Meta error 131047): send the content's
 * approved template, else the same text by SMS when the patient has a phone identity, else nothing.
 */
export function planWhatsappDelivery(input: {
  content: OutboundContent;
  lastInboundAt: Date | undefined;
  now: Date;
  phone?: string;
}): WhatsappDeliveryPlan {
  if (canReplyFreely(input.lastInboundAt, input.now)) return { via: 'whatsapp', content: input.content };
  if (input.content.template) return { via: 'whatsapp-template', content: input.content };
  if (input.phone) {
    const { text, choices } = input.content;
    return { via: 'sms', content: { text, choices }, phone: input.phone };
  }
  return { via: 'none', reason: 'outside-window-without-template-or-phone' };
}
