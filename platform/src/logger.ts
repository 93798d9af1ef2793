import pino, { type Logger } from 'pino';

export type { Logger };

const PHONE_PATTERN = /\+?\d[\d\s-]{7,}\d/g;

/** Keeps the country code and the last 3 digits: enough to correlate, not enough to call anyone. */
export function maskPhone(value: string): string {
  return value.replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    const prefix = match.startsWith('+') ? '+' : '';
    return `${prefix}${digits.slice(0, 3)}${'*'.repeat(Math.max(digits.length - 6, 3))}${digits.slice(-3)}`;
  });
}

/** Fields that may hold a patient's words or address: never logged in clear. */
const SENSITIVE_KEYS = ['text', 'body', 'Body', 'password', 'refreshToken', 'accessToken', 'token', 'secret'];
const ADDRESS_KEYS = new Set(['phone', 'phoneNumber', 'from', 'to', 'From', 'To', 'contact', 'address', 'msisdn']);

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return maskPhone(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SENSITIVE_KEYS.includes(key)) out[key] = '[redacted]';
      else if (ADDRESS_KEYS.has(key) && typeof inner === 'string') out[key] = maskPhone(inner);
      else out[key] = scrub(inner, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(options: {
  service: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      name: options.service,
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]'],
        censor: '[redacted]',
      },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPhone(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
