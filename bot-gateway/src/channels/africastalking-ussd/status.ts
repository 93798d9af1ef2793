import type { DeliveryStatus } from '../types';

/** USSD is session-bound: a screen is the HTTP answer itself, so there are no delivery reports to map. */
export const AFRICASTALKING_USSD_STATUS: Record<string, DeliveryStatus> = {};
