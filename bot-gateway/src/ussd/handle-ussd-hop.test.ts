import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from '@medlink/platform/db';
import { openMigratedTestDb } from '../../test/migrated-test-db';
import type { InboundMessage } from '../channels/types';
import type { ConversationHandler } from '../conversations/conversation-handler';
import { handleUssdHop, type UssdHopDeps } from './handle-ussd-hop';
import { createUssdHopLog, findUssdHopScreens, type UssdHopLog } from './ussd-hops.repository';
import { createMemoryUssdSessionStore, createRedisUssdSessionStore, type UssdSessionStore } from './ussd-session-store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let db: Db;
let closeDb: () => Promise<void>;
let redis: Redis;
const hopLogs: UssdHopLog[] = [];

beforeAll(async () => {
  ({ db, close: closeDb } = await openMigratedTestDb());
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  for (const log of hopLogs) await log.close();
  redis.disconnect();
  await closeDb();
});

/** A counter menu: every input is appended to the state, and the screen shows the inputs so far. */
function countingHandler(runs: string[]): ConversationHandler {
  return {
    async handle(message, context) {
      runs.push(message.text);
      const inputs = [...((context.state?.['inputs'] as string[] | undefined) ?? []), message.text].filter(Boolean);
      return {
        outputs: [{ text: `inputs: ${inputs.join(',') || '-'}`, choices: [{ id: 'a', label: 'Next' }] }],
        state: { lang: 'en', inputs },
        ...(message.text === '' ? { atMainMenu: true } : {}),
      };
    },
  };
}

/** One gateway process: its own session store (and local cache) and hop log, on the shared Redis and database. */
function gateway(sessions: UssdSessionStore, runs: string[] = []): UssdHopDeps & { runs: string[] } {
  const hopLog = createUssdHopLog(db);
  hopLogs.push(hopLog);
  return {
    db,
    sessions,
    hopLog,
    handler: countingHandler(runs),
    clock: () => new Date(),
    resumeWindowSeconds: 120,
    runs,
  };
}

const hop = (sessionId: string, inputs: string[], phone = '+254700000900'): InboundMessage => ({
  kind: 'message',
  channel: 'africastalking-ussd',
  contactAddress: phone,
  providerMessageId: `${sessionId}:${inputs.length}`,
  text: inputs.at(-1) ?? '',
  receivedAt: new Date(),
  ussd: { sessionId, serviceCode: '*384*1#', inputs },
});

describe.each([
  { engine: 'Redis', store: () => createRedisUssdSessionStore(redis, `t-${randomUUID()}:`) },
  { engine: 'in-process', store: () => createMemoryUssdSessionStore() },
])('USSD session store ($engine)', ({ store }) => {
  it('writes a version only over the one it read, and hands back the winner otherwise', async () => {
    const sessions = store();
    const session = {
      phone: '+254700000901',
      mode: 'flow' as const,
      screen: { pages: ['a'], page: 0, endsSession: false },
    };
    expect(await sessions.save('s1', 0, session, session.phone, { kind: 'keep' })).toEqual({ saved: true });
    expect(sessions.cached('s1')).toEqual({ version: 1, session });
    const late = await sessions.save('s1', 0, { ...session, lastHop: 'late' }, session.phone, { kind: 'keep' });
    expect(late).toEqual({ saved: false, current: { version: 1, session } });
    expect((await sessions.load('s1')).current).toEqual({ version: 1, session });
  });

  it('points the phone at its last session to resume, and only that session forgets it', async () => {
    const sessions = store();
    const phone = '+254700000902';
    const screen = { pages: ['question?'], page: 0, endsSession: false };
    const dropped = { phone, mode: 'flow' as const, state: { step: 3 }, screen };
    await sessions.save('old', 0, dropped, phone, { kind: 'set', ttlSeconds: 60 });
    expect((await sessions.load('new', phone)).resume).toEqual({ state: { step: 3 }, screen });
    await sessions.save('other', 0, dropped, phone, { kind: 'forget' });
    expect((await sessions.load('new', phone)).resume).toBeDefined();
    await sessions.save('old', 1, dropped, phone, { kind: 'forget' });
    expect((await sessions.load('new', phone)).resume).toBeUndefined();
  });
});

describe('a USSD hop across gateways sharing Redis', () => {
  const twoGatewaysSharingRedis = (): [UssdHopDeps, UssdHopDeps] => {
    const prefix = `t-${randomUUID()}:`;
    return [gateway(createRedisUssdSessionStore(redis, prefix)), gateway(createRedisUssdSessionStore(redis, prefix))];
  };

  it('hops alternating between two gateways continue the same session', async () => {
    const [a, b] = twoGatewaysSharingRedis();
    const sessionId = `alt-${randomUUID()}`;
    const screens = [];
    for (const [index, inputs] of [[], ['1'], ['1', '2'], ['1', '2', '3']].entries())
      screens.push((await handleUssdHop(index % 2 ? b : a, hop(sessionId, inputs))).response);
    expect(screens.at(-1)).toBe('CON inputs: 1,2,3\n1. Next');
  });

  it('the same hop answered by two gateways at once gets one answer and one stored session', async () => {
    const [a, b] = twoGatewaysSharingRedis();
    const sessionId = `race-${randomUUID()}`;
    await handleUssdHop(a, hop(sessionId, []));
    await handleUssdHop(b, hop(sessionId, []));
    const answers = await Promise.all([a, b].map((deps) => handleUssdHop(deps, hop(sessionId, ['7']))));
    expect(answers[0]?.response).toBe(answers[1]?.response);
    expect(answers.filter((answer) => answer.isDuplicate)).toHaveLength(1);
    const next = await handleUssdHop(b, hop(sessionId, ['7', '8']));
    expect(next.response).toBe('CON inputs: 7,8\n1. Next');
  });

  it('a gateway whose cached session is stale starts again from the stored one', async () => {
    const [a, b] = twoGatewaysSharingRedis();
    const sessionId = `stale-${randomUUID()}`;
    await handleUssdHop(a, hop(sessionId, []));
    await handleUssdHop(b, hop(sessionId, ['1']));
    // A repeat of hop 1 reaches gateway a, which still holds the session as it was before hop 1.
    const repeat = await handleUssdHop(a, hop(sessionId, ['1']));
    expect(repeat).toEqual({ response: 'CON inputs: 1\n1. Next', isDuplicate: true });
  });
});

describe('a USSD hop without a live session', () => {
  it('a dial with inputs in it runs them from the menu, as if typed one screen at a time', async () => {
    const runs: string[] = [];
    const deps = gateway(createMemoryUssdSessionStore(), runs);
    const answer = await handleUssdHop(deps, hop(`dial-${randomUUID()}`, ['1', '4']));
    expect(answer.response).toBe('CON inputs: 1,4\n1. Next');
    expect(runs).toEqual(['', '1', '4']);
  });

  it('a first contact dialling with inputs gets the first screen: the inputs were meant for the menu', async () => {
    const runs: string[] = [];
    const firstContact: ConversationHandler = {
      async handle(message) {
        runs.push(message.text);
        return { outputs: [{ text: 'Language?', choices: [{ id: 'fr', label: 'Français' }] }], state: { lang: 'fr' } };
      },
    };
    const deps = { ...gateway(createMemoryUssdSessionStore()), handler: firstContact };
    const answer = await handleUssdHop(deps, hop(`new-${randomUUID()}`, ['1', '2']));
    expect(answer.response).toBe('CON Language?\n1. Français');
    expect(runs).toEqual(['']);
  });

  it('a session the store lost is not replayed: its inputs had consequences; the patient starts again', async () => {
    const runs: string[] = [];
    const sessionId = `lost-${randomUUID()}`;
    const deps = gateway(createMemoryUssdSessionStore(), runs);
    await handleUssdHop(deps, hop(sessionId, []));
    await handleUssdHop(deps, hop(sessionId, ['1']));
    await deps.hopLog.drain();
    const afterLoss = { ...deps, sessions: createMemoryUssdSessionStore() };
    runs.length = 0;
    const answer = await handleUssdHop(afterLoss, hop(sessionId, ['1', '2']));
    expect(runs).toEqual(['']);
    expect(answer.response).toBe('CON inputs: -\n1. Next');
  });

  it('once the store has kept sessions longer than they live, a dial with inputs needs no PostgreSQL read', async () => {
    let now = Date.now();
    const sessions = createMemoryUssdSessionStore(() => new Date(now));
    expect(sessions.mayHaveLostSessions()).toBe(true);
    now += 11 * 60_000;
    expect(sessions.mayHaveLostSessions()).toBe(false);
    const unreachable = {
      ...db,
      query: (async () => {
        throw new Error('PostgreSQL is not read on this path');
      }) as Db['query'],
    };
    const deps = { ...gateway(sessions), db: unreachable, hopLog: createUssdHopLog(db) };
    hopLogs.push(deps.hopLog);
    const answer = await handleUssdHop(deps, hop(`quick-${randomUUID()}`, ['1', '4']));
    expect(answer.response).toBe('CON inputs: 1,4\n1. Next');
  });

  it('a repeat of a logged hop gets its logged screen', async () => {
    const sessionId = `logged-${randomUUID()}`;
    const deps = gateway(createMemoryUssdSessionStore());
    await handleUssdHop(deps, hop(sessionId, []));
    const first = await handleUssdHop(deps, hop(sessionId, ['5']));
    await deps.hopLog.drain();
    const afterLoss = { ...deps, sessions: createMemoryUssdSessionStore() };
    expect(await handleUssdHop(afterLoss, hop(sessionId, ['5']))).toEqual({
      response: first.response,
      isDuplicate: true,
    });
  });
});

describe('the USSD hop log', () => {
  it('keeps hops while PostgreSQL fails and writes each once it is back', async () => {
    let failuresLeft = 3;
    const flaky: Db = {
      ...db,
      query: (async (...args: Parameters<Db['query']>) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('connection refused');
        }
        return db.query(...args);
      }) as Db['query'],
    };
    const errors: unknown[] = [];
    const log = createUssdHopLog(flaky, { onError: (error) => errors.push(error) });
    hopLogs.push(log);
    const sessionId = `flaky-${randomUUID()}`;
    await Promise.all([0, 1, 2].map((count) => log.append(hop(sessionId, Array(count).fill('1')), `CON ${count}`)));
    await log.drain();
    expect(errors).toHaveLength(3);
    const logged = await findUssdHopScreens(
      db,
      [0, 1, 2].map((count) => `${sessionId}:${count}`),
    );
    expect([...logged.values()].sort()).toEqual(['CON 0', 'CON 1', 'CON 2']);
  });

  it('past its limit, a hop waits for room instead of growing the queue', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slow: Db = {
      ...db,
      query: (async (...args: Parameters<Db['query']>) => {
        await blocked;
        return db.query(...args);
      }) as Db['query'],
    };
    const log = createUssdHopLog(slow, { maxPending: 2 });
    hopLogs.push(log);
    const sessionId = `full-${randomUUID()}`;
    const appended = [0, 1, 2, 3].map((count) => {
      let isDone = false;
      const promise = log.append(hop(sessionId, Array(count).fill('1')), `CON ${count}`).then(() => (isDone = true));
      return { promise, isDone: () => isDone };
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(appended.map((entry) => entry.isDone())).toEqual([true, true, false, false]);
    release();
    await Promise.all(appended.map((entry) => entry.promise));
    await log.drain();
    expect(log.pending()).toBe(0);
  });
});
