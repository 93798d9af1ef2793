-- Practitioners, availability, appointments and reviews (issue 2).

-- Remote sessions are scheduled in the practitioner's own zone; facility sessions in the facility's.
ALTER TABLE practitioners ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE practitioners ADD COLUMN bio_fr text;
ALTER TABLE practitioners ADD COLUMN bio_en text;
CREATE INDEX practitioners_listing_idx ON practitioners (full_name, id);

ALTER TABLE reviews ADD COLUMN moderation_note text;
CREATE INDEX reviews_listing_idx ON reviews (created_at DESC, id);

-- Live appointments per practitioner and time, for free-slot computation over many practitioners at once.
CREATE INDEX appointments_live_idx ON appointments (practitioner_id, starts_at) WHERE status IN ('requested', 'confirmed', 'completed');

-- Reminders the gateway's jobs worker turns into messages; rewritten with each booking, confirmation or move.
CREATE TABLE appointment_reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appointment_id uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('24h', '2h')),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sent', 'cancelled', 'skipped')),
  attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (appointment_id, kind)
);
CREATE INDEX appointment_reminders_due_idx ON appointment_reminders (due_at) WHERE status = 'scheduled';
