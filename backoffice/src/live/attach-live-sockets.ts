import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { LiveEvent, LiveEventBus } from '@medlink/platform/live-events';
import type { Logger } from '@medlink/platform/logger';
import type { Redis } from '@medlink/platform/redis';
import { fetchMe } from '../session/core-api-session';
import { ACCESS_COOKIE, readCookie, type SessionUser } from '../session/session-cookies';

export const SOCKET_PATH = '/socket.io';
export const ADMIN_ROOM = 'admins';

interface SocketData {
  user: SessionUser;
  accessToken: string;
}

const joinRequest = z.object({ room: z.string().max(120) });

/**
 * Socket.IO on the back office's own HTTP server. A socket authenticates with the access-token cookie
 * (core-api's /auth/me says who it is), joins its practitioner room (admins: every event), and may join a
 * consultation room only when core-api says the user takes part. Each instance relays the bus to its own
 * sockets (`io.local`): with Redis every instance already receives every event, so no double delivery.
 */
export function attachLiveSockets(options: {
  httpServer: HttpServer;
  bus: LiveEventBus;
  coreApiUrl: string;
  logger: Logger;
  redis?: Redis;
}): { io: Server; close: () => Promise<void> } {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    options.httpServer,
    {
      path: SOCKET_PATH,
      serveClient: false,
    },
  );
  let adapterClients: Redis[] = [];
  if (options.redis) {
    const pub = options.redis.duplicate();
    const sub = options.redis.duplicate();
    adapterClients = [pub, sub];
    io.adapter(createAdapter(pub, sub, { key: 'medlink:backoffice' }));
  }

  io.use(async (socket, next) => {
    const token = readCookie(socket.handshake.headers.cookie, ACCESS_COOKIE);
    const user = token ? await fetchMe(options.coreApiUrl, token).catch(() => undefined) : undefined;
    if (!token || !user) return next(new Error('unauthenticated'));
    socket.data = { user, accessToken: token };
    next();
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    if (user.role === 'admin') void socket.join(ADMIN_ROOM);
    if (user.practitionerId) void socket.join(`practitioner:${user.practitionerId}`);
    socket.on('join', async (request: unknown, ack?: unknown) => {
      const allowed = await mayJoin(socket, request, options.coreApiUrl);
      if (allowed) await socket.join(allowed);
      if (typeof ack === 'function') ack({ ok: Boolean(allowed) });
    });
    socket.on('leave', (request: unknown) => {
      const parsed = joinRequest.safeParse(request);
      if (parsed.success && parsed.data.room.startsWith('consultation:')) void socket.leave(parsed.data.room);
    });
  });

  const unsubscribe = options.bus.subscribe((event: LiveEvent) => {
    io.local.to([...event.rooms, ADMIN_ROOM]).emit('live', event);
  });

  return {
    io,
    async close() {
      unsubscribe();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // The adapter's (p)unsubscribe calls are fire-and-forget: a PING behind them waits for their replies before QUIT.
      await Promise.all(adapterClients.map((client) => client.ping().catch(() => undefined)));
      await Promise.all(adapterClients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

async function mayJoin(socket: Socket, request: unknown, coreApiUrl: string): Promise<string | undefined> {
  const parsed = joinRequest.safeParse(request);
  const data = socketDataSchema.safeParse(socket.data);
  if (!parsed.success || !data.success) return undefined;
  const response = await fetch(`${coreApiUrl}/api/v1/events/access?room=${encodeURIComponent(parsed.data.room)}`, {
    headers: { authorization: `Bearer ${data.data.accessToken}` },
  }).catch(() => undefined);
  return response?.ok ? parsed.data.room : undefined;
}

const socketDataSchema = z.object({ accessToken: z.string() });
