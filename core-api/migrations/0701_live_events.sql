-- The durable, ordered log of live events (what the back office shows without reload). Every event the
-- publisher fans out is appended here first, so a client that reconnects asks for what it missed with
-- GET /api/v1/events?since=<id>. Rows are pruned after a few days: it is a catch-up buffer, not history.
CREATE TABLE live_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rooms text[] NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_events_rooms_idx ON live_events USING gin (rooms);
CREATE INDEX live_events_created_idx ON live_events (created_at);
