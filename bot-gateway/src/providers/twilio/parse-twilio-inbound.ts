// https://www.twilio.com/docs/messaging/guides/webhook-request
import { z } from 'zod';
import { parseInput } from '../../channels/parse-input';
import type { InboundLocation, InboundMedia } from '../../channels/types';

/** The fields both Twilio SMS and WhatsApp inbound webhooks carry. */
export const twilioInboundSchema = z.object({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});

export const twilioStatusSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

/** MediaUrl0..N / MediaContentType0..N, as many as NumMedia says. */
export function parseTwilioMedia(form: Record<string, string>, count: number): InboundMedia[] | undefined {
  if (count === 0) return undefined;
  const media: InboundMedia[] = [];
  for (let index = 0; index < count; index += 1) {
    const item = parseInput(
      z.object({ [`MediaUrl${index}`]: z.url(), [`MediaContentType${index}`]: z.string().min(1) }),
      form,
    );
    media.push({ url: String(item[`MediaUrl${index}`]), contentType: String(item[`MediaContentType${index}`]) });
  }
  return media;
}

/** WhatsApp location pins arrive as Latitude/Longitude (+ Address/Label for a named place). */
export function parseTwilioLocation(form: Record<string, string>): InboundLocation | undefined {
  if (form.Latitude === undefined && form.Longitude === undefined) return undefined;
  const pin = parseInput(
    z.object({
      Latitude: z.coerce.number().min(-90).max(90),
      Longitude: z.coerce.number().min(-180).max(180),
      Label: z.string().optional(),
      Address: z.string().optional(),
    }),
    form,
  );
  const label = pin.Label ?? pin.Address;
  return { lat: pin.Latitude, lon: pin.Longitude, ...(label ? { label } : {}) };
}
