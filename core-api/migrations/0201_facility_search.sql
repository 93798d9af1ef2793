-- Facility search and recommendations (area 02xx).

-- Listing without a location is ordered by name, then id (keyset pagination).
CREATE INDEX facilities_name_id_idx ON facilities (name, id);

-- A facility's resource history, newest first.
CREATE INDEX facility_resource_history_resource_idx ON facility_resource_history (resource_id, id DESC);

-- Recommendations look for verified remote practitioners of a specialty wherever they are.
CREATE INDEX practitioners_remote_specialties_idx ON practitioners USING gin (specialties)
  WHERE verification_status = 'verified' AND offers_remote;
