import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import type { SimulatorContext } from './simulator-context';
import { gatewayTarget, sleep } from './simulator-context';
import type { ReceivedMessage } from './simulator-state';

const STATUS_SEQUENCE: Record<ReceivedMessage['channel'], string[]> = {
  'twilio-sms': ['sent', 'delivered'],
  'twilio-whatsapp': ['sent', 'delivered', 'read'],
  'africastalking-sms': ['Sent', 'Success'],
  'meta-whatsapp': ['sent', 'delivered', 'read'],
};

/**
 * After accepting a message the provider reports its progress to the gateway, like the real ones: Twilio to the
 * StatusCallback of the request, Africa's Talking to the delivery-report URL, Meta to the app webhook. The
 * callback mode makes them late, out of order or duplicated, as providers sometimes do.
 */
export function sendStatusCallbacks(
  context: SimulatorContext,
  message: ReceivedMessage,
  statusCallbackUrl?: string,
): void {
  const { mode, delayMs } = context.state.callbacks;
  if (mode === 'off') return;
  if (message.channel.startsWith('twilio') && !statusCallbackUrl) return;
  let statuses = [...STATUS_SEQUENCE[message.channel]];
  if (mode === 'out-of-order') statuses.reverse();
  if (mode === 'duplicated') statuses = statuses.flatMap((status) => [status, status]);
  void (async () => {
    for (const status of statuses) {
      await sleep(delayMs);
      await postStatus(context, message, status, statusCallbackUrl).catch((error: unknown) =>
        context.logger.debug(
          { err: error, providerMessageId: message.providerMessageId },
          'status callback not delivered',
        ),
      );
    }
  })();
}

async function postStatus(
  context: SimulatorContext,
  message: ReceivedMessage,
  status: string,
  statusCallbackUrl?: string,
): Promise<void> {
  const { secrets } = context;
  if (message.channel === 'twilio-sms' || message.channel === 'twilio-whatsapp') {
    if (!statusCallbackUrl) return;
    const params: Record<string, string> = {
      MessageSid: message.providerMessageId,
      SmsSid: message.providerMessageId,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: secrets.twilio.accountSid ?? '',
      From: message.from,
      To: message.channel === 'twilio-whatsapp' ? `whatsapp:${message.to}` : message.to,
      ApiVersion: '2010-04-01',
    };
    if (message.channel === 'twilio-whatsapp') params.ChannelPrefix = 'whatsapp';
    await postForm(
      gatewayTarget(context, statusCallbackUrl),
      params,
      twilioHeaders(context, statusCallbackUrl, params),
    );
    return;
  }
  if (message.channel === 'africastalking-sms') {
    const params = {
      id: message.providerMessageId,
      status,
      phoneNumber: message.to,
      networkCode: '62130',
      retryCount: '0',
    };
    await postForm(withToken(context, '/webhooks/africastalking/delivery'), params, {});
    return;
  }
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_SIMULATED',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550000000',
                phone_number_id: secrets.meta.phoneNumberId ?? 'PHONE_NUMBER_ID',
              },
              statuses: [
                {
                  id: message.providerMessageId,
                  status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: message.to,
                },
              ],
            },
          },
        ],
      },
    ],
  });
  await postJson(new URL('/webhooks/meta/whatsapp', context.gatewayUrl).toString(), body, metaHeaders(context, body));
}

export function twilioHeaders(
  context: SimulatorContext,
  publicUrl: string,
  params: Record<string, string>,
): Record<string, string> {
  const token = context.secrets.twilio.authToken;
  return token ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, publicUrl, params) } : {};
}

export function metaHeaders(context: SimulatorContext, rawBody: string): Record<string, string> {
  const secret = context.secrets.meta.appSecret;
  return secret
    ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}` }
    : {};
}

/** Africa's Talking signs nothing; MedLink's callback URLs carry ?token= when AT_WEBHOOK_TOKEN is set. */
export function withToken(context: SimulatorContext, path: string): string {
  const url = new URL(path, context.gatewayUrl);
  const token = context.secrets.africastalking.webhookToken;
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: await response.text() };
}

export async function postJson(
  url: string,
  rawBody: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: rawBody,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: await response.text() };
}
