-- Identity, patients and audit: indexes for the admin lists and the erasure hand-off of stored files.

CREATE INDEX IF NOT EXISTS refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS users_role_created_idx ON users (role, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS patients_created_idx ON patients (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON audit_log (actor_id, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_action_idx ON audit_log (action, id DESC);
-- Erasure finds a patient's messages by patient id (the contact-address index covers the rest).
CREATE INDEX IF NOT EXISTS messages_patient_erasure_idx ON messages (patient_id) WHERE patient_id IS NOT NULL;

-- Erasure removes a patient's file rows in its transaction; the stored objects are deleted later by
-- the files owner, who works through this queue (storage is not transactional with the database).
CREATE TABLE storage_deletions (
  storage_key text PRIMARY KEY,
  reason text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
CREATE INDEX storage_deletions_pending_idx ON storage_deletions (requested_at) WHERE done_at IS NULL;
