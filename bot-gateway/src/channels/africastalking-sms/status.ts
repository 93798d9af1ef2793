import { lookupStatus } from '../parse-input';
import type { DeliveryStatus } from '../types';

// https://developers.africastalking.com/docs/sms/notifications (delivery report status values)
export const AFRICASTALKING_SMS_STATUS: Record<string, DeliveryStatus> = {
  Sent: 'sent',
  Submitted: 'sent',
  Buffered: 'sent',
  Success: 'delivered',
  Rejected: 'failed',
  Failed: 'failed',
  AbsentSubscriber: 'failed',
  Expired: 'failed',
};

export const toAfricasTalkingSmsStatus = (providerStatus: string) =>
  lookupStatus(AFRICASTALKING_SMS_STATUS, providerStatus);
