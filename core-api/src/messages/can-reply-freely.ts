/**
 * WhatsApp's customer-service window: a business may send free-form messages for 24 hours after the
 * patient's last message; outside it only an approved template may be sent
 * (https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows).
 */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export function canReplyFreely(lastPatientMessageAt: Date | null, now: Date): boolean {
  if (!lastPatientMessageAt) return false;
  return now.getTime() - lastPatientMessageAt.getTime() < WHATSAPP_WINDOW_MS;
}
