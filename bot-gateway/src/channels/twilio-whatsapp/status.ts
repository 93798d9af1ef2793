import { lookupStatus } from '../parse-input';
import type { DeliveryStatus } from '../types';

// https://www.twilio.com/docs/whatsapp/api#monitor-the-status-of-your-whatsapp-outbound-message
export const TWILIO_WHATSAPP_STATUS: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

export const toTwilioWhatsappStatus = (providerStatus: string) => lookupStatus(TWILIO_WHATSAPP_STATUS, providerStatus);
