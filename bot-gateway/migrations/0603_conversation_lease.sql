-- A conversation step calls core-api over HTTP; no database transaction may stay open across those calls
-- (the embedded PGlite has one connection, and a pooled connection held for seconds starves the pool).
-- Steps of one conversation are serialised by this lease instead of a row lock.
ALTER TABLE gateway_conversations ADD COLUMN lease_owner text;
ALTER TABLE gateway_conversations ADD COLUMN lease_until timestamptz;
