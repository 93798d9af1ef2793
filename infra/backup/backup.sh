#!/usr/bin/env bash
# Logical backup of the MedLink database: a custom-format pg_dump (compressed, restorable table by table),
# plus a manifest of row counts used to check a restore. Usage: backup.sh DATABASE_URL OUT_DIR
set -euo pipefail
url="${1:?usage: backup.sh DATABASE_URL OUT_DIR}"
out="${2:?usage: backup.sh DATABASE_URL OUT_DIR}"
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$out/medlink-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$url"
psql "$url" -XAtq -c "
  SELECT string_agg(format('%s=%s', t.relname, t.n), E'\n' ORDER BY t.relname) FROM (
    SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint AS n
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = 'public') t" > "$file.counts"
sha256sum "$file" > "$file.sha256"
echo "$file"
