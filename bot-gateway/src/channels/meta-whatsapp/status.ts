import { lookupStatus } from '../parse-input';
import type { DeliveryStatus } from '../types';

// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#statuses-object
export const META_STATUS: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

export const toMetaStatus = (providerStatus: string) => lookupStatus(META_STATUS, providerStatus);
