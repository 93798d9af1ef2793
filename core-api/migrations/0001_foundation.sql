-- MedLink platform schema, version 1. Runs unchanged on PostgreSQL 15+ and PGlite.
-- Later changes are new files: 01xx identity/consultations, 02xx facilities/recommendations,
-- 03xx practitioners/appointments/reviews, 04xx triage, 05xx messaging.

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Staff accounts (practitioners, facility admins, platform admins).
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('practitioner', 'facility_admin', 'admin')),
  display_name text NOT NULL,
  preferred_language text NOT NULL DEFAULT 'fr' CHECK (preferred_language IN ('fr', 'en')),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Rotating refresh tokens: reuse of a spent token revokes its whole family.
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  spent_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- OAuth2 client-credentials machine clients (a facility's stock system, the bot-gateway itself).
CREATE TABLE oauth_clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  name text NOT NULL,
  scopes text[] NOT NULL DEFAULT '{}',
  facility_id uuid,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every read or change of a patient's clinical data, every sign-in, failure and token refusal.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'client', 'system', 'patient', 'anonymous')),
  actor_id text,
  action text NOT NULL,
  record_type text,
  record_id text,
  patient_id uuid,
  outcome text NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'denied', 'failed')),
  origin jsonb NOT NULL DEFAULT '{}',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_patient_idx ON audit_log (patient_id, at);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id);

CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  preferred_language text NOT NULL DEFAULT 'fr' CHECK (preferred_language IN ('fr', 'en')),
  display_name text,
  birth_year int,
  sex text CHECK (sex IN ('female', 'male', 'other')),
  consent_version text,
  consent_at timestamptz,
  consent_channel text,
  country_iso3 text,
  admin_area text,
  lat double precision,
  lon double precision,
  opted_out_at timestamptz,
  erasure_requested_at timestamptz,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One patient, several ways to reach them. kind 'phone' serves USSD and SMS; 'whatsapp' a WhatsApp id.
CREATE TABLE patient_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('phone', 'whatsapp')),
  address text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, address)
);
CREATE INDEX patient_identities_patient_idx ON patient_identities (patient_id);

CREATE TABLE facilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id text UNIQUE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('referral_hospital', 'hospital', 'health_centre', 'clinic', 'dispensary', 'health_post', 'maternity', 'pharmacy')),
  raw_type text,
  ownership text,
  services text[] NOT NULL DEFAULT '{}',
  emergency_capable boolean NOT NULL DEFAULT false,
  time_zone text NOT NULL DEFAULT 'UTC',
  -- {"mon": [["08:00","17:00"]], ..., "sun": []}; null with always_open = true means 24/7.
  opening_hours jsonb,
  always_open boolean NOT NULL DEFAULT false,
  country text NOT NULL,
  country_iso3 text NOT NULL,
  admin1 text,
  admin2 text,
  lat double precision,
  lon double precision,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- earthdistance 1.1's ll_to_earth() names earth() without a schema, which breaks pg_restore (it runs with an
-- empty search_path). geo_point() is the same formula, schema-qualified. Queries must say geo_point(lat, lon)
-- to use this index: ll_to_earth() is not inlined, so the planner does not match it.
CREATE FUNCTION geo_point(lat double precision, lon double precision) RETURNS public.earth
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT public.cube(public.cube(public.cube(public.earth() * cos(radians(lat)) * cos(radians(lon))),
    public.earth() * cos(radians(lat)) * sin(radians(lon))), public.earth() * sin(radians(lat)))::public.earth $$;
CREATE INDEX facilities_earth_idx ON facilities USING gist (geo_point(lat, lon)) WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE INDEX facilities_area_idx ON facilities (country_iso3, admin1, admin2);
CREATE INDEX facilities_services_idx ON facilities USING gin (services);
CREATE INDEX facilities_name_trgm_idx ON facilities USING gin (name gin_trgm_ops);

-- Dated exceptions to a facility's weekly hours (holidays, strikes, extended hours).
CREATE TABLE facility_hours_exceptions (
  facility_id uuid NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
  on_date date NOT NULL,
  closed boolean NOT NULL DEFAULT true,
  hours jsonb,
  note text,
  PRIMARY KEY (facility_id, on_date)
);

CREATE TABLE facility_admins (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  facility_id uuid NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, facility_id)
);

-- Published resources: the current value per item, and every change in the history table.
CREATE TABLE facility_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('beds', 'medicine', 'equipment')),
  item text NOT NULL,
  quantity int CHECK (quantity >= 0),
  available boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_type text NOT NULL CHECK (updated_by_type IN ('user', 'client', 'system')),
  updated_by_id text NOT NULL,
  UNIQUE (facility_id, kind, item)
);
CREATE TABLE facility_resource_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id uuid NOT NULL REFERENCES facility_resources (id) ON DELETE CASCADE,
  quantity int,
  available boolean NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by_type text NOT NULL,
  changed_by_id text NOT NULL
);

CREATE TABLE practitioners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid UNIQUE REFERENCES users (id) ON DELETE SET NULL,
  full_name text NOT NULL,
  specialties text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{fr}',
  licence_number text NOT NULL UNIQUE,
  verification_status text NOT NULL DEFAULT 'pending' CHECK (verification_status IN ('pending', 'verified', 'suspended')),
  verified_by uuid REFERENCES users (id),
  verified_at timestamptz,
  verification_notes text,
  offers_remote boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practitioners_specialties_idx ON practitioners USING gin (specialties) WHERE verification_status = 'verified';

CREATE TABLE practitioner_affiliations (
  practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
  facility_id uuid NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
  PRIMARY KEY (practitioner_id, facility_id)
);
CREATE INDEX practitioner_affiliations_facility_idx ON practitioner_affiliations (facility_id);

-- Weekly availability: local wall-clock times in time_zone; facility_id null means remote consultations.
CREATE TABLE availability_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
  facility_id uuid REFERENCES facilities (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  start_time time NOT NULL,
  end_time time NOT NULL CHECK (end_time > start_time),
  slot_minutes smallint NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 240),
  time_zone text NOT NULL,
  valid_from date,
  valid_until date
);
CREATE INDEX availability_rules_practitioner_idx ON availability_rules (practitioner_id);

-- Leave (unavailable) or extra sessions (available) at precise instants.
CREATE TABLE availability_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('unavailable', 'available')),
  facility_id uuid REFERENCES facilities (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  slot_minutes smallint NOT NULL DEFAULT 20,
  note text
);
CREATE INDEX availability_exceptions_practitioner_idx ON availability_exceptions (practitioner_id, starts_at);

CREATE TABLE triage_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid REFERENCES patients (id) ON DELETE CASCADE,
  channel text,
  age_years numeric(5, 2),
  sex text,
  pregnant boolean,
  findings jsonb NOT NULL DEFAULT '{}',
  complaint_text text,
  level text NOT NULL CHECK (level IN ('emergency', 'urgent', 'routine', 'self_care')),
  specialty text,
  driving_findings text[] NOT NULL DEFAULT '{}',
  protocol_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX triage_records_patient_idx ON triage_records (patient_id, created_at);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  practitioner_id uuid NOT NULL REFERENCES practitioners (id),
  patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  facility_id uuid REFERENCES facilities (id),
  mode text NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'remote')),
  specialty text,
  reason text,
  triage_record_id uuid REFERENCES triage_records (id) ON DELETE SET NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'completed', 'cancelled', 'no_show')),
  status_reason text,
  booked_via text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The database itself refuses a second live appointment overlapping the same practitioner's time.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    practitioner_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  ) WHERE (status IN ('requested', 'confirmed', 'completed'))
);
CREATE INDEX appointments_patient_idx ON appointments (patient_id, starts_at);
CREATE INDEX appointments_practitioner_idx ON appointments (practitioner_id, starts_at);

-- One review per completed appointment, by that appointment's patient only.
CREATE TABLE reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appointment_id uuid NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
  patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  practitioner_id uuid NOT NULL REFERENCES practitioners (id),
  facility_id uuid REFERENCES facilities (id),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text,
  moderation_state text NOT NULL DEFAULT 'pending' CHECK (moderation_state IN ('pending', 'published', 'rejected')),
  moderated_by uuid REFERENCES users (id),
  moderated_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_practitioner_idx ON reviews (practitioner_id) WHERE moderation_state <> 'rejected';
CREATE INDEX reviews_facility_idx ON reviews (facility_id) WHERE moderation_state <> 'rejected';

-- A thread between a patient and one or more practitioners.
CREATE TABLE consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'open', 'snoozed', 'resolved')),
  channel text NOT NULL,
  subject text,
  specialty text,
  triage_record_id uuid REFERENCES triage_records (id) ON DELETE SET NULL,
  appointment_id uuid REFERENCES appointments (id) ON DELETE SET NULL,
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  last_patient_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultations_patient_idx ON consultations (patient_id, last_activity_at DESC);

CREATE TABLE consultation_participants (
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'invited')),
  invited_by uuid REFERENCES practitioners (id),
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  last_read_at timestamptz,
  PRIMARY KEY (consultation_id, practitioner_id)
);
CREATE INDEX consultation_participants_practitioner_idx ON consultation_participants (practitioner_id);

-- The message log of every channel: inbound as received, outbound as the outbox the workers drain.
CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  channel text NOT NULL,
  contact_address text NOT NULL,
  patient_id uuid REFERENCES patients (id) ON DELETE SET NULL,
  consultation_id uuid REFERENCES consultations (id) ON DELETE SET NULL,
  author_practitioner_id uuid REFERENCES practitioners (id),
  provider_message_id text,
  body text,
  -- interactive choices, media, location, template: the channel-neutral content beyond the text.
  content jsonb NOT NULL DEFAULT '{}',
  segments smallint,
  encoding text,
  status text NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead')),
  status_reason text,
  idempotency_key text UNIQUE,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_provider_id_key ON messages (channel, direction, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX messages_contact_idx ON messages (contact_address, created_at);
CREATE INDEX messages_consultation_idx ON messages (consultation_id, created_at) WHERE consultation_id IS NOT NULL;
CREATE INDEX messages_outbox_idx ON messages (next_attempt_at) WHERE direction = 'out' AND status IN ('queued', 'sending');

CREATE TABLE message_status_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  status text NOT NULL,
  reason text,
  provider_status text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_status_events_message_idx ON message_status_events (message_id);

-- Private practitioner notes: never shown to the patient, encrypted at rest (AES-256-GCM).
CREATE TABLE consultation_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  author_practitioner_id uuid NOT NULL REFERENCES practitioners (id),
  body_ciphertext bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_notes_consultation_idx ON consultation_notes (consultation_id);

CREATE TABLE consultation_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  uploaded_by uuid NOT NULL REFERENCES practitioners (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  storage_key text NOT NULL UNIQUE,
  -- the file's own key, wrapped (encrypted) by DATA_ENCRYPTION_KEY
  wrapped_key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_files_consultation_idx ON consultation_files (consultation_id);

CREATE TABLE erasure_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id),
  channel text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed')),
  completed_at timestamptz
);
