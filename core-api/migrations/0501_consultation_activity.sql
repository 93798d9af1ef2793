-- Consultations and messaging, part 2: activity entries, one live consultation per patient, support indexes.

-- What happened in a consultation besides messages and notes: routed, invited, handed over, status changed.
CREATE TABLE consultation_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('opened', 'routed', 'invited', 'handed_over', 'status_changed', 'file_sent')),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'client', 'system')),
  actor_id text,
  practitioner_id uuid REFERENCES practitioners (id),
  details jsonb NOT NULL DEFAULT '{}',
  -- clock_timestamp, not now(): several entries of one transaction keep their order.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX consultation_activities_consultation_idx ON consultation_activities (consultation_id, created_at);

-- A patient's new message continues their live consultation; two racing messages must not open two.
CREATE UNIQUE INDEX consultations_one_live_per_patient ON consultations (patient_id) WHERE status <> 'resolved';
CREATE INDEX consultations_activity_idx ON consultations (last_activity_at DESC, id DESC);

CREATE INDEX messages_patient_idx ON messages (patient_id, created_at) WHERE patient_id IS NOT NULL;
CREATE INDEX messages_dead_idx ON messages (updated_at DESC) WHERE status = 'dead';
CREATE INDEX messages_created_idx ON messages (created_at DESC, id DESC);
