-- A message whose conversation step keeps failing is retried by the sweeper a bounded number of
-- times, then left unprocessed (visible in the message log) instead of failing every pass forever.
ALTER TABLE messages ADD COLUMN process_attempts int NOT NULL DEFAULT 0;
