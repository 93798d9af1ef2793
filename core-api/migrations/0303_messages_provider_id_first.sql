-- Lookups by a provider's message id (a USSD hop's screen after a Redis restart, a status callback's message)
-- give the id and a direction, and one channel or a few. With the id last in the unique index, a planner
-- whose statistics are stale (a table that grew since its last ANALYZE) chose to scan every message of the
-- channel and direction and filter on the id: 20-100 ms per USSD dial on a 30,000-message table instead of a
-- tenth of a millisecond. With the id first, every such lookup is an equality on the index's leading column.
-- ON CONFLICT (channel, direction, provider_message_id) infers the index whatever its column order.
CREATE UNIQUE INDEX messages_provider_message_key ON messages (provider_message_id, direction, channel)
  WHERE provider_message_id IS NOT NULL;
DROP INDEX messages_provider_id_key;
