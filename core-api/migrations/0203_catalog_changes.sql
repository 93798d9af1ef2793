-- Catalogue change log (issue 4). Each core-api instance keeps two catalogues in memory for nearest search and
-- recommendations: the geolocated facilities with their dated hours exceptions, and the verified practitioners
-- with their affiliations and weekly rules. An instance must see a change made through any instance (or straight
-- in SQL) at its next request, so every committed change bumps its catalogue's version and logs the records it
-- touched; an instance reads the version with each request (one small row, or inside the statement the request
-- runs anyway) and reloads only the records logged since the version it holds. What changes all the time
-- (appointments, leave, reviews, published resources) is not cached and not logged: it is read per request.
--
-- A version is one row updated inside the writing transaction, not a sequence: the row lock orders versions as
-- the transactions commit, so a reader that has seen version N has seen every change logged up to N. (A sequence
-- hands out numbers in start order: a slow writer's smaller number would commit after a reader moved past it,
-- and its change would never be reloaded.) Writers of one catalogue queue on its row until they commit; these
-- writes are rare (admin edits, imports, schedule changes).
CREATE TABLE catalog_versions (
  catalog text PRIMARY KEY CHECK (catalog IN ('facilities', 'practitioners')),
  version bigint NOT NULL
);
INSERT INTO catalog_versions (catalog, version) VALUES ('facilities', 0), ('practitioners', 0);

-- record_id: a facility or practitioner id; null means reload the whole catalogue (TRUNCATE). Only the last
-- 10,000 versions of each catalogue are kept (kept_versions below); an instance further behind reloads everything.
CREATE TABLE catalog_changes (
  catalog text NOT NULL,
  version bigint NOT NULL,
  record_id uuid
);
CREATE INDEX catalog_changes_version_idx ON catalog_changes (catalog, version);

-- Statement-level, with transition tables: a bulk import of 2,000 rows bumps the version once. TG_ARGV[0] names
-- the catalogue. Names are schema-qualified: pg_restore runs with an empty search_path.
CREATE FUNCTION log_catalog_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  kept_versions CONSTANT bigint := 10000;
  changed uuid[] := '{}';
  next_version bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    changed := ARRAY[NULL::uuid];
  ELSIF TG_TABLE_NAME IN ('facilities', 'practitioners') THEN
    IF TG_OP <> 'DELETE' THEN changed := changed || ARRAY(SELECT id FROM new_rows); END IF;
    IF TG_OP <> 'INSERT' THEN changed := changed || ARRAY(SELECT id FROM old_rows); END IF;
  ELSIF TG_TABLE_NAME = 'facility_hours_exceptions' THEN
    IF TG_OP <> 'DELETE' THEN changed := changed || ARRAY(SELECT facility_id FROM new_rows); END IF;
    IF TG_OP <> 'INSERT' THEN changed := changed || ARRAY(SELECT facility_id FROM old_rows); END IF;
  ELSE
    IF TG_OP <> 'DELETE' THEN changed := changed || ARRAY(SELECT practitioner_id FROM new_rows); END IF;
    IF TG_OP <> 'INSERT' THEN changed := changed || ARRAY(SELECT practitioner_id FROM old_rows); END IF;
  END IF;
  IF cardinality(changed) = 0 THEN
    RETURN NULL;
  END IF;
  UPDATE public.catalog_versions SET version = version + 1 WHERE catalog = TG_ARGV[0]
    RETURNING version INTO next_version;
  INSERT INTO public.catalog_changes (catalog, version, record_id)
    SELECT DISTINCT TG_ARGV[0], next_version, changed_id FROM unnest(changed) AS changed_id;
  DELETE FROM public.catalog_changes WHERE catalog = TG_ARGV[0] AND version <= next_version - kept_versions;
  RETURN NULL;
END
$$;

-- A trigger with transition tables may name one event only, hence four per table.
CREATE TRIGGER facilities_catalog_insert AFTER INSERT ON facilities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facilities_catalog_update AFTER UPDATE ON facilities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facilities_catalog_delete AFTER DELETE ON facilities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facilities_catalog_truncate AFTER TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');

CREATE TRIGGER facility_hours_exceptions_catalog_insert AFTER INSERT ON facility_hours_exceptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facility_hours_exceptions_catalog_update AFTER UPDATE ON facility_hours_exceptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facility_hours_exceptions_catalog_delete AFTER DELETE ON facility_hours_exceptions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');
CREATE TRIGGER facility_hours_exceptions_catalog_truncate AFTER TRUNCATE ON facility_hours_exceptions
  FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('facilities');

CREATE TRIGGER practitioners_catalog_insert AFTER INSERT ON practitioners
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioners_catalog_update AFTER UPDATE ON practitioners
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioners_catalog_delete AFTER DELETE ON practitioners
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioners_catalog_truncate AFTER TRUNCATE ON practitioners
  FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');

CREATE TRIGGER practitioner_affiliations_catalog_insert AFTER INSERT ON practitioner_affiliations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioner_affiliations_catalog_update AFTER UPDATE ON practitioner_affiliations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioner_affiliations_catalog_delete AFTER DELETE ON practitioner_affiliations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER practitioner_affiliations_catalog_truncate AFTER TRUNCATE ON practitioner_affiliations
  FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');

CREATE TRIGGER availability_rules_catalog_insert AFTER INSERT ON availability_rules
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER availability_rules_catalog_update AFTER UPDATE ON availability_rules
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER availability_rules_catalog_delete AFTER DELETE ON availability_rules
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
CREATE TRIGGER availability_rules_catalog_truncate AFTER TRUNCATE ON availability_rules
  FOR EACH STATEMENT EXECUTE FUNCTION log_catalog_change('practitioners');
