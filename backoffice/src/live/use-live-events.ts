'use client';

import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { callApi } from '../api-client';

export const liveEventSchema = z.object({
  id: z.number().int().nullable(),
  type: z.string(),
  rooms: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

const catchUpSchema = z.object({ events: z.array(liveEventSchema), lastId: z.number().int(), hasMore: z.boolean() });

/**
 * One Socket.IO connection per page. Events are delivered once each (deduplicated by log id); after a
 * reconnect the page asks core-api for what it missed since the last id it saw; an expired access
 * cookie is refreshed before reconnecting.
 */
export function useLiveEvents(options: { rooms?: string[]; onEvent: (event: LiveEvent) => void }): {
  connected: boolean;
} {
  const [connected, setConnected] = useState(false);
  const onEvent = useRef(options.onEvent);
  onEvent.current = options.onEvent;
  const roomsKey = (options.rooms ?? []).join(',');

  useEffect(() => {
    const rooms = roomsKey ? roomsKey.split(',') : [];
    let lastId = 0;
    let hadConnected = false;
    const seen = new Set<number>();
    const accept = (event: LiveEvent) => {
      if (event.id !== null) {
        if (seen.has(event.id)) return;
        seen.add(event.id);
        lastId = Math.max(lastId, event.id);
      }
      onEvent.current(event);
    };
    const socket: Socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
    socket.on('live', (raw: unknown) => {
      const parsed = liveEventSchema.safeParse(raw);
      if (parsed.success) accept(parsed.data);
    });
    socket.on('connect', () => {
      setConnected(true);
      for (const room of rooms) socket.emit('join', { room });
      if (hadConnected && lastId > 0) void catchUp(lastId, accept);
      hadConnected = true;
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (error) => {
      setConnected(false);
      if (error.message === 'unauthenticated') {
        void fetch('/bff/session/refresh', { method: 'POST' }).then((response) => {
          if (response.ok) socket.connect();
          else window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
        });
      }
    });
    return () => {
      socket.disconnect();
    };
  }, [roomsKey]);

  return { connected };
}

async function catchUp(since: number, accept: (event: LiveEvent) => void): Promise<void> {
  let cursor = since;
  for (let page = 0; page < 10; page += 1) {
    const result = await callApi(catchUpSchema, `/events?since=${cursor}`).catch(() => undefined);
    if (!result) return;
    result.events.forEach(accept);
    cursor = result.lastId;
    if (!result.hasMore) return;
  }
}
