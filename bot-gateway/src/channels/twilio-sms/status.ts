import { lookupStatus } from '../parse-input';
import type { DeliveryStatus } from '../types';

// https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
export const TWILIO_SMS_STATUS: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  // Twilio cannot tell: the carrier gave no receipt. It left us, so "sent" is the honest floor.
  delivery_unknown: 'sent',
  partially_delivered: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

export const toTwilioSmsStatus = (providerStatus: string) => lookupStatus(TWILIO_SMS_STATUS, providerStatus);
