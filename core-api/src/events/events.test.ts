import { randomBytes } from 'node:crypto';
import { createLiveEventBus, type LiveEvent, type LiveEventBus } from '@medlink/platform/live-events';
import { connectRedis } from '@medlink/platform/redis';
import { startTestCoreApi, type TestCoreApi } from '../../test/harness';
import {
  gatewayPrincipal,
  insertAdmin,
  insertPatient,
  insertPractitioner,
  type PractitionerFixture,
} from '../../test/fixtures/consultation-fixtures';

let api: TestCoreApi;
let bus: LiveEventBus;
const received: LiveEvent[] = [];
let owner: PractitionerFixture;
let stranger: PractitionerFixture;
let consultationId: string;
let admin: string;

beforeAll(async () => {
  const late: { bus?: LiveEventBus } = {};
  api = await startTestCoreApi({}, { publish: (event) => void late.bus?.publish(event).catch(() => undefined) });
  bus = createLiveEventBus({ db: api.deps.db, pruneIntervalMs: 0 });
  late.bus = bus;
  bus.subscribe((event) => received.push(event));
  admin = api.tokenFor(await insertAdmin(api.deps.db));
  owner = await insertPractitioner(api.deps.db, { specialties: ['dermatology'] });
  stranger = await insertPractitioner(api.deps.db, { specialties: ['cardiology'] });
  const patient = await insertPatient(api.deps.db);
  const opened = await api.call('POST', '/api/v1/consultations', {
    token: api.tokenFor(gatewayPrincipal),
    body: {
      patientId: patient.patientId,
      channel: 'africastalking-sms',
      specialty: 'dermatology',
      text: 'Une éruption sur le bras',
    },
  });
  expect(opened.status).toBe(201);
  consultationId = opened.body.consultation.id;
  await until(() => received.some((event) => event.type === 'consultation.message'));
});
afterAll(async () => {
  await bus.close();
  await api.close();
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition never met');
}

describe('the live event bus', () => {
  test('a domain event published by core-api after commit is stored in the log and reaches subscribers with its id', () => {
    const event = received.find((candidate) => candidate.type === 'consultation.message');
    expect(event?.id).toEqual(expect.any(Number));
    expect(event?.rooms).toEqual(
      expect.arrayContaining([`consultation:${consultationId}`, `practitioner:${owner.practitionerId}`]),
    );
  });

  test('with Redis, an event published by one instance reaches the subscribers of another instance once', async () => {
    const channel = `test:live:${randomBytes(4).toString('hex')}`;
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const publisherRedis = connectRedis(redisUrl, () => undefined);
    const subscriberRedis = connectRedis(redisUrl, () => undefined);
    const publisher = createLiveEventBus({ redis: publisherRedis, db: api.deps.db, channel, pruneIntervalMs: 0 });
    const other = createLiveEventBus({ redis: subscriberRedis, channel, pruneIntervalMs: 0 });
    const seen: LiveEvent[] = [];
    other.subscribe((event) => seen.push(event));
    await other.ready();
    const sent = await publisher.publish({
      type: 'appointment.updated',
      rooms: [`practitioner:${owner.practitionerId}`],
      payload: { n: 1 },
    });
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual(sent);
    await publisher.close();
    await other.close();
    publisherRedis.disconnect();
    subscriberRedis.disconnect();
  });

  test('without a log, events still reach in-process subscribers, with id null', async () => {
    const memory = createLiveEventBus();
    const seen: LiveEvent[] = [];
    memory.subscribe((event) => seen.push(event));
    await memory.publish({ type: 'x', rooms: ['practitioner:a'], payload: {} });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.id).toBeNull();
    await memory.close();
  });

  test('prune deletes only rows older than the retention', async () => {
    await api.deps.db.query(
      `INSERT INTO live_events (rooms, type, payload, created_at) VALUES ('{practitioner:old}', 'old', '{}', now() - interval '30 days')`,
    );
    const before = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM live_events');
    expect(await bus.prune()).toBe(1);
    const after = await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM live_events');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n - 1);
  });
});

describe('GET /api/v1/events (catch-up)', () => {
  test('a participant gets the events of their rooms after since, in log order', async () => {
    const response = await api.call('GET', '/api/v1/events?since=0', { token: api.tokenFor(owner.principal) });
    expect(response.status).toBe(200);
    const ids: number[] = response.body.events.map((event: { id: number }) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(response.body.events.map((event: { type: string }) => event.type)).toContain('consultation.message');
    const later = await api.call('GET', `/api/v1/events?since=${response.body.lastId}`, {
      token: api.tokenFor(owner.principal),
    });
    expect(later.body).toEqual({ events: [], lastId: response.body.lastId, hasMore: false });
  });

  test('a practitioner who takes no part sees none of the consultation events; an admin sees them all', async () => {
    const other = await api.call('GET', '/api/v1/events?since=0', { token: api.tokenFor(stranger.principal) });
    expect(other.status).toBe(200);
    expect(
      other.body.events.filter((event: { rooms: string[] }) => event.rooms.includes(`consultation:${consultationId}`)),
    ).toEqual([]);
    const all = await api.call('GET', '/api/v1/events?since=0', { token: admin });
    expect(all.body.events.length).toBeGreaterThan(0);
  });

  test('an invited colleague catches up on the invitation', async () => {
    const invited = await api.call('POST', `/api/v1/consultations/${consultationId}/participants`, {
      token: api.tokenFor(owner.principal),
      body: { practitionerId: stranger.practitionerId },
    });
    expect(invited.status).toBe(200);
    await until(async () => {
      const page = await api.call('GET', '/api/v1/events?since=0', { token: api.tokenFor(stranger.principal) });
      return page.body.events.some((event: { type: string }) => event.type === 'consultation.invited');
    });
  });

  test('paging: limit caps the page and hasMore tells there is more', async () => {
    const page = await api.call('GET', '/api/v1/events?since=0&limit=1', { token: admin });
    expect(page.body.events).toHaveLength(1);
    expect(page.body.hasMore).toBe(true);
  });

  test.each([['since=-1'], ['since=abc'], ['limit=0'], ['limit=501']])(
    'bad query %s answers 400 problem+json',
    async (query) => {
      const response = await api.call('GET', `/api/v1/events?${query}`, { token: admin });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    },
  );

  test('without a token answers 401', async () => {
    expect((await api.call('GET', '/api/v1/events')).status).toBe(401);
  });
});

describe('GET /api/v1/events/access (may this socket join the room?)', () => {
  test('a participant may join the consultation room and their own room; others get 404', async () => {
    const ownerToken = api.tokenFor(owner.principal);
    const room = encodeURIComponent(`consultation:${consultationId}`);
    expect((await api.call('GET', `/api/v1/events/access?room=${room}`, { token: ownerToken })).status).toBe(200);
    const own = encodeURIComponent(`practitioner:${owner.practitionerId}`);
    expect((await api.call('GET', `/api/v1/events/access?room=${own}`, { token: ownerToken })).status).toBe(200);
    const outsider = await insertPractitioner(api.deps.db);
    expect(
      (await api.call('GET', `/api/v1/events/access?room=${room}`, { token: api.tokenFor(outsider.principal) })).status,
    ).toBe(404);
    expect(
      (await api.call('GET', `/api/v1/events/access?room=${own}`, { token: api.tokenFor(outsider.principal) })).status,
    ).toBe(404);
  });

  test.each([['lobby'], ['consultation:not-a-uuid'], ['consultation:------------------------------------']])(
    'a malformed room %s answers 400',
    async (room) => {
      const response = await api.call('GET', `/api/v1/events/access?room=${encodeURIComponent(room)}`, {
        token: admin,
      });
      expect(response.status).toBe(400);
    },
  );
});
