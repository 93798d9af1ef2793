import { z } from 'zod';
import type { KeyValueStore } from '../conversations/key-value-store';

/** The screen a session is on: its pages (already within 182 chars) and which one is showing. */
const screenSchema = z.object({
  pages: z.array(z.string()).min(1),
  page: z.number().int().min(0),
  endsSession: z.boolean(),
});

const sessionSchema = z.object({
  phone: z.string(),
  mode: z.enum(['flow', 'resume-offer']),
  state: z.record(z.string(), z.unknown()).optional(),
  screen: screenSchema,
  /** While the resume offer shows: the session to continue with on "1". */
  saved: z.object({ state: z.record(z.string(), z.unknown()).optional(), screen: screenSchema }).optional(),
  /** The last hop answered and its answer: a repeated hop is answered from here without PostgreSQL. */
  lastHop: z.string().optional(),
  lastResponse: z.string().optional(),
});

export type UssdScreen = z.infer<typeof screenSchema>;
export type UssdSession = z.infer<typeof sessionSchema>;
export type UssdResumePoint = { state?: Record<string, unknown>; screen: UssdScreen };

/** Operators drop idle sessions within a few minutes; ten is plenty for a live one. */
const SESSION_TTL_S = 600;

const sessionKey = (sessionId: string) => `ussd:session:${sessionId}`;
const resumeKey = (phone: string) => `ussd:resume:${phone}`;

export async function loadUssdSession(kv: KeyValueStore, sessionId: string): Promise<UssdSession | undefined> {
  return decode(sessionSchema, await kv.get(sessionKey(sessionId)));
}

export async function saveUssdSession(kv: KeyValueStore, sessionId: string, session: UssdSession): Promise<void> {
  await kv.set(sessionKey(sessionId), JSON.stringify(session), SESSION_TTL_S);
}

const resumeSchema = z.object({ state: z.record(z.string(), z.unknown()).optional(), screen: screenSchema });

export async function loadResumePoint(kv: KeyValueStore, phone: string): Promise<UssdResumePoint | undefined> {
  return decode(resumeSchema, await kv.get(resumeKey(phone)));
}

export async function saveResumePoint(
  kv: KeyValueStore,
  phone: string,
  point: UssdResumePoint,
  ttlSeconds: number,
): Promise<void> {
  if (ttlSeconds <= 0) return;
  await kv.set(resumeKey(phone), JSON.stringify(point), ttlSeconds);
}

export async function forgetResumePoint(kv: KeyValueStore, phone: string): Promise<void> {
  await kv.delete(resumeKey(phone));
}

function decode<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
