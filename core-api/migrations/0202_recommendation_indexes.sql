-- Recommendations and nearest search at full scale (issue 4 benchmark targets).

-- A KNN walk of facilities_earth_idx skips every facility that fails the filter. Emergency recommendations
-- want emergency-capable facilities (about 6% of the file) and some needs a service that few facilities
-- offer (surgery, inpatient, emergency: about 6%; dental, eye, mental health: 0.5%), so near a patient the
-- walk read hundreds to thousands of rows for 20. These partial indexes hold only those facilities; queries
-- match them by writing the same condition (the service as a literal, see facilities.repository.ts).
CREATE INDEX facilities_emergency_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND emergency_capable;
CREATE INDEX facilities_surgery_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{surgery}'::text[];
CREATE INDEX facilities_inpatient_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{inpatient}'::text[];
CREATE INDEX facilities_emergency_service_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{emergency}'::text[];
CREATE INDEX facilities_dental_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{dental}'::text[];
CREATE INDEX facilities_eye_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{eye}'::text[];
CREATE INDEX facilities_mental_health_earth_idx ON facilities USING gist (geo_point(lat, lon))
  WHERE lat IS NOT NULL AND lon IS NOT NULL AND services @> '{mental_health}'::text[];

-- Remote practitioners are taken in id order (those speaking the patient's language first): walking this
-- index stops after a few dozen rows, where the specialty index made every request read and sort all of them.
CREATE INDEX practitioners_remote_id_idx ON practitioners (id) WHERE verification_status = 'verified' AND offers_remote;
