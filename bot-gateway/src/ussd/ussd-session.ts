import { z } from 'zod';

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
  /** The last hop answered (its answer is the screen): a repeated hop is answered from here without PostgreSQL. */
  lastHop: z.string().optional(),
});

export type UssdScreen = z.infer<typeof screenSchema>;

/** The screen ends the session: an ending screen, showing its last page (earlier pages still offer "98"). */
export const isFinalScreen = (screen: UssdScreen): boolean =>
  screen.endsSession && screen.page === screen.pages.length - 1;
export type UssdSession = z.infer<typeof sessionSchema>;
export type UssdResumePoint = NonNullable<UssdSession['saved']>;

/** A session read back from the store, or undefined when it is not one (the hop then starts afresh). */
export const decodeUssdSession = (json: string) => decode(sessionSchema, json);

function decode<T>(schema: z.ZodType<T>, json: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
