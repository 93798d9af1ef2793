import type { Redis } from '@medlink/platform/redis';
import { createExpiringMap } from '../conversations/key-value-store';
import { decodeUssdSession, isFinalScreen, type UssdResumePoint, type UssdSession } from './ussd-session';

/** A session as stored: every successful write moves it one version on. */
export interface VersionedUssdSession {
  version: number;
  session: UssdSession;
}

/** The phone's resume point is a pointer to its last session, which holds the state to resume. */
export type ResumeWrite = { kind: 'keep' } | { kind: 'set'; ttlSeconds: number } | { kind: 'forget' };

export type SaveOutcome = { saved: true } | { saved: false; current: VersionedUssdSession | undefined };

/**
 * USSD sessions with optimistic concurrency: a hop reads a version, computes the next screen and writes
 * it only if nobody wrote in between (otherwise it gets the winner's session). That makes one round trip
 * per hop possible: the process keeps the versions it wrote, and a hop that follows one of them skips the
 * read; if another gateway answered in between, the conditional write fails and the hop starts again
 * from what that gateway stored.
 */
export interface UssdSessionStore {
  /** The session this process wrote last for `sessionId`, without a round trip. */
  cached(sessionId: string): VersionedUssdSession | undefined;
  /** The stored session, and the phone's resume point when asked (one round trip). */
  load(
    sessionId: string,
    resumeFor?: string,
  ): Promise<{ current: VersionedUssdSession | undefined; resume: UssdResumePoint | undefined }>;
  /**
   * Whether a session may have been lost rather than never started: only while the store is younger than
   * the longest session it keeps (Redis restarted, or this process for in-process sessions). Sessions
   * need a Redis that does not evict keys (`maxmemory-policy noeviction`, which BullMQ requires too).
   */
  mayHaveLostSessions(): boolean;
  /** Writes `session` as version `expected + 1`, with the resume point change, unless `expected` is stale. */
  save(
    sessionId: string,
    expected: number,
    session: UssdSession,
    phone: string,
    resume: ResumeWrite,
  ): Promise<SaveOutcome>;
}

/** Operators drop idle sessions within a few minutes; ten is plenty for a live one (or a longer resume window). */
const MIN_SESSION_TTL_S = 600;
/** How often the Redis store reads Redis's uptime (a restart loses the sessions it held). */
const UPTIME_CHECK_MS = 10_000;
/** Sessions remembered per process for the read-free path; older ones are read from the store again. */
const LOCAL_CACHE_LIMIT = 20_000;

const sessionKey = (sessionId: string) => `ussd:session:${sessionId}`;
const resumeKey = (phone: string) => `ussd:resume:${phone}`;

// Stored as "<version>|<json>" so the script can compare versions without decoding JSON.
const encode = (version: number, session: UssdSession) => `${version}|${JSON.stringify(session)}`;

/** The version of a stored value: 0 when there is none, -1 when it is not one of ours (never matches). */
function versionOf(raw: string | undefined | null): number {
  if (!raw) return 0;
  const version = Number(raw.slice(0, raw.indexOf('|')));
  return Number.isInteger(version) && version > 0 ? version : -1;
}

function decode(raw: string | undefined | null): VersionedUssdSession | undefined {
  const version = versionOf(raw);
  const session = raw && version > 0 ? decodeUssdSession(raw.slice(raw.indexOf('|') + 1)) : undefined;
  return session ? { version, session } : undefined;
}

/** What a backend does: the reads and the conditional write, atomically. */
interface SessionBackend {
  read(sessionKey: string, resumeKey: string | undefined): Promise<[string | undefined, string | undefined]>;
  /** true when written; otherwise the current raw value (undefined when there is none). */
  compareAndSet(write: {
    sessionKey: string;
    expected: number;
    value: string;
    ttlSeconds: number;
    resumeKey: string;
    resume: ResumeWrite;
    sessionId: string;
  }): Promise<true | string | undefined>;
}

/** Where the phone's last session stood, unless it was itself offering to resume an older one. */
function resumePointOf(session: UssdSession | undefined): UssdResumePoint | undefined {
  if (!session) return undefined;
  if (session.mode === 'resume-offer') return session.saved;
  return { state: session.state, screen: session.screen };
}

function createStore(
  backend: SessionBackend,
  upSince: () => number | undefined,
  now: () => number = Date.now,
): UssdSessionStore {
  const written = new Map<string, VersionedUssdSession>();
  const remember = (sessionId: string, entry: VersionedUssdSession) => {
    written.delete(sessionId);
    if (isFinalScreen(entry.session.screen)) return;
    written.set(sessionId, entry);
    if (written.size > LOCAL_CACHE_LIMIT) {
      const oldest = written.keys().next().value;
      if (oldest !== undefined) written.delete(oldest);
    }
  };
  let longestTtlSeconds = MIN_SESSION_TTL_S;
  return {
    cached: (sessionId) => written.get(sessionId),
    mayHaveLostSessions() {
      const since = upSince();
      return since === undefined || now() - since < longestTtlSeconds * 1000;
    },
    async load(sessionId, resumeFor) {
      const [session, pointer] = await backend.read(
        sessionKey(sessionId),
        resumeFor === undefined ? undefined : resumeKey(resumeFor),
      );
      const resume =
        pointer === undefined || pointer === sessionId
          ? undefined
          : resumePointOf(decode((await backend.read(sessionKey(pointer), undefined))[0])?.session);
      return { current: decode(session), resume };
    },
    async save(sessionId, expected, session, phone, resume) {
      const ttlSeconds = Math.max(MIN_SESSION_TTL_S, resume.kind === 'set' ? Math.ceil(resume.ttlSeconds) : 0);
      longestTtlSeconds = Math.max(longestTtlSeconds, ttlSeconds);
      const outcome = await backend.compareAndSet({
        sessionKey: sessionKey(sessionId),
        expected,
        value: encode(expected + 1, session),
        ttlSeconds,
        resumeKey: resumeKey(phone),
        resume,
        sessionId,
      });
      if (outcome === true) {
        remember(sessionId, { version: expected + 1, session });
        return { saved: true };
      }
      written.delete(sessionId);
      return { saved: false, current: decode(outcome) };
    },
  };
}

// KEYS: session, resume pointer. ARGV: expected version, new value, session TTL, resume op (keep|set|forget),
// session id (the pointer's value), resume TTL. Returns 1 when written, else the current value (nil when there is none).
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(string.match(current, '^(%d+)|')) or -1 end
if version ~= tonumber(ARGV[1]) then return current end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
if ARGV[4] == 'set' then redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[6])
elseif ARGV[4] == 'forget' and redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
return 1`;

type RedisWithUssdScript = Redis & {
  ussdCompareAndSet(...args: (string | number)[]): Promise<number | string | null>;
};

export function createRedisUssdSessionStore(redis: Redis, prefix: string): UssdSessionStore {
  if (!('ussdCompareAndSet' in redis))
    redis.defineCommand('ussdCompareAndSet', { numberOfKeys: 2, lua: COMPARE_AND_SET });
  const scripted = redis as RedisWithUssdScript;
  let upSince: number | undefined;
  const readUptime = () =>
    redis.info('server').then(
      (info) => {
        const seconds = Number(/uptime_in_seconds:(\d+)/.exec(info)?.[1]);
        upSince = Number.isFinite(seconds) ? Date.now() - seconds * 1000 : undefined;
      },
      () => (upSince = undefined),
    );
  void readUptime();
  setInterval(() => void readUptime(), UPTIME_CHECK_MS).unref();
  return createStore(
    {
      async read(session, resume) {
        if (resume === undefined) return [(await redis.get(prefix + session)) ?? undefined, undefined];
        const [sessionValue, resumeValue] = await redis.mget(prefix + session, prefix + resume);
        return [sessionValue ?? undefined, resumeValue ?? undefined];
      },
      async compareAndSet(write) {
        const { resume } = write;
        const result = await scripted.ussdCompareAndSet(
          prefix + write.sessionKey,
          prefix + write.resumeKey,
          write.expected,
          write.value,
          write.ttlSeconds,
          resume.kind,
          write.sessionId,
          resume.kind === 'set' ? Math.max(1, Math.ceil(resume.ttlSeconds)) : 0,
        );
        return result === 1 ? true : result === null ? undefined : String(result);
      },
    },
    () => upSince,
  );
}

/** In-process sessions when REDIS_URL is unset (one gateway process). */
export function createMemoryUssdSessionStore(clock: () => Date = () => new Date()): UssdSessionStore {
  const createdAt = clock().getTime();
  const entries = createExpiringMap(clock, LOCAL_CACHE_LIMIT);
  return createStore(
    {
      async read(session, resume) {
        return [entries.get(session), resume === undefined ? undefined : entries.get(resume)];
      },
      async compareAndSet(write) {
        const current = entries.get(write.sessionKey);
        if (versionOf(current) !== write.expected) return current;
        entries.set(write.sessionKey, write.value, write.ttlSeconds);
        if (write.resume.kind === 'set') entries.set(write.resumeKey, write.sessionId, write.resume.ttlSeconds);
        else if (write.resume.kind === 'forget' && entries.get(write.resumeKey) === write.sessionId)
          entries.delete(write.resumeKey);
        return true;
      },
    },
    () => createdAt,
    () => clock().getTime(),
  );
}
