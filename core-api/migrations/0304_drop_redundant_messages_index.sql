-- messages_patient_idx (patient_id, created_at) WHERE patient_id IS NOT NULL, added by 0501, serves every lookup
-- by patient id, erasure's included: messages_patient_erasure_idx (patient_id) was one more index to update for
-- every message stored (each USSD hop, each SMS) and answered nothing the other does not.
DROP INDEX IF EXISTS messages_patient_erasure_idx;
