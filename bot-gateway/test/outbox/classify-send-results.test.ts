import type { SendResult } from '../../src/channels/types';
import { computeBackoff } from '../../src/outbox/compute-backoff';
import { parseRetryAfter, type ProviderHttpResult } from '../../src/outbox/post-to-provider';
import { classifyAfricasTalkingResult } from '../../src/providers/africastalking/classify-send-result';
import { classifyMetaResult } from '../../src/providers/meta/classify-send-result';
import { classifyTwilioResult } from '../../src/providers/twilio/classify-send-result';

const response = (status: number, body: unknown, retryAfterMs?: number): ProviderHttpResult => ({
  kind: 'response',
  status,
  text: typeof body === 'string' ? body : JSON.stringify(body),
  retryAfterMs,
});
const network: ProviderHttpResult = { kind: 'network', reason: 'timeout after 10000 ms' };
const meta = (status: number, code: number) =>
  response(status, { error: { message: 'x', type: 'OAuthException', code, fbtrace_id: 'f' } });
const at = (statusCode: number, status: string, messageId = 'ATXid_1') =>
  response(201, {
    SMSMessageData: {
      Message: 'Sent to 1/1',
      Recipients: [{ statusCode, number: '+254700000001', status, cost: 'KES 0.8', messageId }],
    },
  });

type Row = [string, (result: ProviderHttpResult) => SendResult, ProviderHttpResult, SendResult['outcome']];
const rows: Row[] = [
  [
    'twilio: 201 queued message is accepted',
    classifyTwilioResult,
    response(201, { sid: 'SM1', status: 'queued' }),
    'accepted',
  ],
  [
    'twilio: a failed message in a 2xx body is permanent',
    classifyTwilioResult,
    response(201, { sid: 'SM1', status: 'failed', error_code: 30007 }),
    'permanent',
  ],
  ['twilio: 2xx without a sid is permanent', classifyTwilioResult, response(200, { hello: 1 }), 'permanent'],
  ['twilio: network error or timeout is retryable', classifyTwilioResult, network, 'retryable'],
  ['twilio: 503 is retryable', classifyTwilioResult, response(503, 'Service Unavailable'), 'retryable'],
  [
    'twilio: 429 is throttled',
    classifyTwilioResult,
    response(429, { code: 20429, message: 'Too Many Requests', status: 429 }),
    'throttled',
  ],
  [
    'twilio: 400 with 63018 (WhatsApp rate limit) is throttled',
    classifyTwilioResult,
    response(400, { code: 63018, status: 400 }),
    'throttled',
  ],
  [
    'twilio: 400 with 21211 (bad number) is permanent',
    classifyTwilioResult,
    response(400, { code: 21211, status: 400 }),
    'permanent',
  ],
  ['twilio: 401 is permanent', classifyTwilioResult, response(401, { code: 20003, status: 401 }), 'permanent'],
  ["africa's talking: 101 Success is accepted", classifyAfricasTalkingResult, at(101, 'Success'), 'accepted'],
  ["africa's talking: 102 Queued is accepted", classifyAfricasTalkingResult, at(102, 'Queued'), 'accepted'],
  [
    "africa's talking: 403 InvalidPhoneNumber is permanent",
    classifyAfricasTalkingResult,
    at(403, 'InvalidPhoneNumber', 'None'),
    'permanent',
  ],
  [
    "africa's talking: 406 UserInBlacklist is permanent",
    classifyAfricasTalkingResult,
    at(406, 'UserInBlacklist', 'None'),
    'permanent',
  ],
  [
    "africa's talking: 405 InsufficientBalance is retryable",
    classifyAfricasTalkingResult,
    at(405, 'InsufficientBalance', 'None'),
    'retryable',
  ],
  [
    "africa's talking: 502 RejectedByGateway is retryable",
    classifyAfricasTalkingResult,
    at(502, 'RejectedByGateway', 'None'),
    'retryable',
  ],
  [
    "africa's talking: 401 text body is permanent",
    classifyAfricasTalkingResult,
    response(401, 'The supplied authentication is invalid'),
    'permanent',
  ],
  [
    "africa's talking: 500 is retryable",
    classifyAfricasTalkingResult,
    response(500, 'Internal Server Error'),
    'retryable',
  ],
  [
    "africa's talking: no recipient is permanent",
    classifyAfricasTalkingResult,
    response(201, { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } }),
    'permanent',
  ],
  [
    'meta: messages[0].id is accepted',
    classifyMetaResult,
    response(200, { messaging_product: 'whatsapp', messages: [{ id: 'wamid.x' }] }),
    'accepted',
  ],
  ['meta: 131047 (24-hour window) is permanent', classifyMetaResult, meta(400, 131047), 'permanent'],
  ['meta: 131026 (undeliverable) is permanent', classifyMetaResult, meta(400, 131026), 'permanent'],
  ['meta: 190 (token) is permanent', classifyMetaResult, meta(401, 190), 'permanent'],
  ['meta: 130429 (throughput) is throttled', classifyMetaResult, meta(400, 130429), 'throttled'],
  ['meta: 80007 (WABA rate limit) is throttled', classifyMetaResult, meta(400, 80007), 'throttled'],
  ['meta: 4 (app rate limit) is throttled', classifyMetaResult, meta(400, 4), 'throttled'],
  ['meta: 131000 (something went wrong) is retryable', classifyMetaResult, meta(500, 131000), 'retryable'],
  ['meta: 502 without a body is retryable', classifyMetaResult, response(502, 'Bad Gateway'), 'retryable'],
  ['meta: timeout is retryable', classifyMetaResult, network, 'retryable'],
];

describe('provider result classification (STYLE.md §7)', () => {
  it.each(rows)('%s', (_name, classify, input, outcome) => {
    expect(classify(input).outcome).toBe(outcome);
  });

  it('keeps the provider Retry-After on throttled results', () => {
    expect(classifyTwilioResult(response(429, { code: 20429 }, 3000))).toMatchObject({
      outcome: 'throttled',
      retryAfterMs: 3000,
    });
  });
});

describe('retry timing helpers', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:05 GMT', Date.parse('Thu, 26 Nov 2026 12:00:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it.each([
    [1, 0.5, 500],
    [3, 0.5, 2000],
    [3, 0.999, 3996],
    [20, 1, 60_000],
    [4, 0, 0],
  ])('backoff with full jitter: attempt %i, random %d -> %i ms (base 1 s, cap 60 s)', (attempt, random, expected) => {
    expect(computeBackoff({ attempt, random, baseMs: 1000, maxMs: 60_000 })).toBe(expected);
  });
});
