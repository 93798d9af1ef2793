import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createLiveEventBus, type LiveEvent, type LiveEventBus } from '@medlink/platform/live-events';
import { createLogger } from '@medlink/platform/logger';
import { connectRedis } from '@medlink/platform/redis';
import { startTestCoreApi, type TestCoreApi } from '../../../core-api/test/harness';
import {
  gatewayPrincipal,
  insertAdmin,
  insertPatient,
  insertPractitioner,
  type PractitionerFixture,
} from '../../../core-api/test/fixtures/consultation-fixtures';
import { attachLiveSockets } from './attach-live-sockets';

const logger = createLogger({ service: 'test', level: 'silent' });
let api: TestCoreApi;
let bus: LiveEventBus;
let owner: PractitionerFixture;
let outsider: PractitionerFixture;
let consultationId: string;
const servers: { http: Server; close: () => Promise<void>; url: string }[] = [];
const sockets: Socket[] = [];

async function startInstance(instanceBus: LiveEventBus, redisUrl?: string) {
  const http = createServer();
  const redis = redisUrl ? connectRedis(redisUrl, () => undefined) : undefined;
  const live = attachLiveSockets({ httpServer: http, bus: instanceBus, coreApiUrl: api.url, logger, redis });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const instance = {
    http,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      await live.close();
      http.close();
      redis?.disconnect();
    },
  };
  servers.push(instance);
  return instance;
}

function connectAs(
  url: string,
  token: string | undefined,
): Promise<{ socket: Socket; events: LiveEvent[]; error?: string }> {
  const socket = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: token ? { cookie: `ml_access=${token}` } : {},
    reconnection: false,
  });
  sockets.push(socket);
  const events: LiveEvent[] = [];
  socket.on('live', (event: LiveEvent) => events.push(event));
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ socket, events }));
    socket.on('connect_error', (error) => resolve({ socket, events, error: error.message }));
  });
}

const join = (socket: Socket, room: string) =>
  new Promise<{ ok: boolean }>((resolve) => socket.emit('join', { room }, resolve));
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

beforeAll(async () => {
  api = await startTestCoreApi();
  bus = createLiveEventBus();
  owner = await insertPractitioner(api.deps.db, { specialties: ['dermatology'] });
  outsider = await insertPractitioner(api.deps.db, { specialties: ['cardiology'] });
  const patient = await insertPatient(api.deps.db);
  const opened = await api.call('POST', '/api/v1/consultations', {
    token: api.tokenFor(gatewayPrincipal),
    body: { patientId: patient.patientId, channel: 'africastalking-sms', specialty: 'dermatology', text: 'Bonjour' },
  });
  consultationId = opened.body.consultation.id;
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const server of servers) await server.close();
  await bus.close();
  await api.close();
});

describe('live sockets', () => {
  test('a socket without a valid access cookie is refused', async () => {
    const { url } = await startInstance(bus);
    expect((await connectAs(url, undefined)).error).toBe('unauthenticated');
    expect((await connectAs(url, 'not-a-token')).error).toBe('unauthenticated');
  });

  test('a practitioner gets events of their own room only, and joins a consultation room only when taking part', async () => {
    const { url } = await startInstance(bus);
    const mine = await connectAs(url, api.tokenFor(owner.principal));
    const theirs = await connectAs(url, api.tokenFor(outsider.principal));
    expect(await join(mine.socket, `consultation:${consultationId}`)).toEqual({ ok: true });
    expect(await join(theirs.socket, `consultation:${consultationId}`)).toEqual({ ok: false });
    expect(await join(theirs.socket, 'lobby')).toEqual({ ok: false });
    await bus.publish({ type: 'consultation.message', rooms: [`consultation:${consultationId}`], payload: { n: 1 } });
    await bus.publish({
      type: 'consultation.invited',
      rooms: [`practitioner:${owner.practitionerId}`],
      payload: { n: 2 },
    });
    await settle();
    expect(mine.events.map((event) => event.type)).toEqual(['consultation.message', 'consultation.invited']);
    expect(theirs.events).toEqual([]);
  });

  test('an event for several rooms of one socket arrives once; an admin sees every event', async () => {
    const { url } = await startInstance(bus);
    const mine = await connectAs(url, api.tokenFor(owner.principal));
    const admin = await connectAs(url, api.tokenFor(await insertAdmin(api.deps.db)));
    await join(mine.socket, `consultation:${consultationId}`);
    await bus.publish({
      type: 'message.status',
      rooms: [`consultation:${consultationId}`, `practitioner:${owner.practitionerId}`],
      payload: {},
    });
    await settle();
    expect(mine.events).toHaveLength(1);
    expect(admin.events).toHaveLength(1);
  });

  test('with Redis, an event published by core-api reaches the sockets of every back-office instance exactly once', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const channel = `test:live:${Date.now()}`;
    const clients = [
      connectRedis(redisUrl, () => undefined),
      connectRedis(redisUrl, () => undefined),
      connectRedis(redisUrl, () => undefined),
    ];
    const [publisher, first, second] = clients.map((redis) =>
      createLiveEventBus({ redis, channel, pruneIntervalMs: 0 }),
    );
    await first!.ready();
    await second!.ready();
    const a = await startInstance(first!, redisUrl);
    const b = await startInstance(second!, redisUrl);
    const onA = await connectAs(a.url, api.tokenFor(owner.principal));
    const onB = await connectAs(b.url, api.tokenFor(owner.principal));
    await publisher!.publish({
      type: 'consultation.message',
      rooms: [`practitioner:${owner.practitionerId}`],
      payload: {},
    });
    await settle();
    expect(onA.events).toHaveLength(1);
    expect(onB.events).toHaveLength(1);
    for (const each of [publisher, first, second]) await each!.close();
    for (const redis of clients) redis.disconnect();
  });
});
