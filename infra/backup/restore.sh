#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database and checks every table's row count against the
# backup's manifest. Usage: restore.sh DUMP_FILE TARGET_DATABASE_URL
set -euo pipefail
file="${1:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}"
url="${2:?usage: restore.sh DUMP_FILE TARGET_DATABASE_URL}"
sha256sum --check --status "$file.sha256" || { echo "checksum mismatch: $file" >&2; exit 2; }
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$url" "$file"
actual=$(psql "$url" -XAtq -c "
  SELECT string_agg(format('%s=%s', t.relname, t.n), E'\n' ORDER BY t.relname) FROM (
    SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint AS n
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = 'public') t")
if [ "$actual" != "$(cat "$file.counts")" ]; then
  echo "row counts differ after restore" >&2
  diff <(cat "$file.counts") <(echo "$actual") >&2 || true
  exit 3
fi
echo "restored $(wc -l < "$file.counts") tables, row counts match"
