-- Gateway inbox: the stored inbound row is the source of truth; processed_at marks the conversation
-- step done (its replies were queued in the same transaction). A sweeper re-dispatches rows left NULL.
ALTER TABLE messages ADD COLUMN processed_at timestamptz;
CREATE INDEX messages_inbox_pending_idx ON messages (created_at) WHERE direction = 'in' AND processed_at IS NULL;

-- Conversation state per channel identity (SMS and WhatsApp), updated in the transaction that
-- queues the replies, so a redelivered or re-swept message can never advance it twice.
CREATE TABLE gateway_conversations (
  channel text NOT NULL,
  contact_address text NOT NULL,
  state jsonb NOT NULL DEFAULT '{}',
  last_inbound_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, contact_address)
);

-- A status callback can beat the worker that records the provider id (the provider calls back
-- before our UPDATE lands): it waits here and the sweeper applies it once the id is known.
CREATE TABLE gateway_pending_statuses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider text NOT NULL,
  provider_message_id text NOT NULL,
  status text NOT NULL,
  provider_status text NOT NULL,
  reason text,
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_message_id, provider_status)
);
