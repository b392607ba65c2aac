#!/usr/bin/env bash
# Back up the portal: the database and both media folders, into one timestamped folder.
#
# Usage:  scripts/backup.sh [DESTINATION]        (DESTINATION defaults to ./backups)
#
# The database and the folders are read from the Django settings, exactly as the application
# reads them (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT), through
# `manage.py backup_paths`. It writes
#
#   DESTINATION/portal-YYYYMMDDTHHMMSSZ/
#     database.dump          PostgreSQL: pg_dump custom format (-Fc), or
#     database.sqlite3       SQLite: a consistent copy through SQLite's backup API
#     media.tar.gz           MEDIA_ROOT: images and documents editors uploaded
#     private-media.tar.gz   PRIVATE_MEDIA_ROOT: offers, their PDFs and attachments, contracts, reports
#     SHA256SUMS             checksums, verified by scripts/restore.sh before it changes anything
#
# The folder appears under its final name only when everything is written, so a folder that
# exists is complete. It holds personal data: it is readable by its owner only; keep copies
# off the server (and encrypted) according to the city's retention rules.
#
# Environment: PYTHON (default .venv/bin/python when present, else python3); the PG* variables
# of libpq are honoured. pg_dump's major version must be at least the server's.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then usage; exit 0; fi
if [[ $# -gt 1 ]]; then usage >&2; exit 2; fi

project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
destination="$(realpath -m -- "${1:-$project_dir/backups}")"
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$project_dir/.venv/bin/python" ]]; then PYTHON="$project_dir/.venv/bin/python"; else PYTHON=python3; fi
fi

cd "$project_dir"
paths="$("$PYTHON" manage.py backup_paths)"
eval "$paths"

umask 077
mkdir -p -- "$destination"
name="portal-$(date -u +%Y%m%dT%H%M%SZ)"
final="$destination/$name"
work="$destination/.$name.partial"
if [[ -e "$final" ]]; then echo "backup.sh: $final already exists" >&2; exit 1; fi
rm -rf -- "$work"
mkdir -- "$work"
trap 'rm -rf -- "$work"' EXIT

case "$DB_ENGINE" in
    postgresql)
        [[ -n "$DB_HOST" ]] && export PGHOST="$DB_HOST"
        [[ -n "$DB_PORT" ]] && export PGPORT="$DB_PORT"
        [[ -n "$DB_USER" ]] && export PGUSER="$DB_USER"
        [[ -n "$DB_PASSWORD" ]] && export PGPASSWORD="$DB_PASSWORD"
        [[ -n "$DB_SSLMODE" ]] && export PGSSLMODE="$DB_SSLMODE"
        pg_dump --format=custom --file="$work/database.dump" --dbname="$DB_NAME"
        files=(database.dump)
        ;;
    sqlite3)
        if [[ ! -f "$DB_NAME" ]]; then echo "backup.sh: no SQLite database at $DB_NAME" >&2; exit 1; fi
        # The backup API copies a consistent snapshot even while the site is writing.
        "$PYTHON" - "$DB_NAME" "$work/database.sqlite3" <<'PY'
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.close()
source.close()
PY
        files=(database.sqlite3)
        ;;
    *)
        echo "backup.sh: database engine '$DB_ENGINE' is not supported" >&2
        exit 1
        ;;
esac

archive() {  # archive FOLDER ARCHIVE: the folder's contents, or an empty archive if it does not exist
    if [[ -d "$1" ]]; then
        tar --create --gzip --file="$2" --directory="$1" .
    else
        echo "backup.sh: $1 does not exist; archiving it as empty" >&2
        tar --create --gzip --file="$2" --files-from=/dev/null
    fi
}
archive "$MEDIA_ROOT" "$work/media.tar.gz"
archive "$PRIVATE_MEDIA_ROOT" "$work/private-media.tar.gz"
files+=(media.tar.gz private-media.tar.gz)

(cd "$work" && sha256sum -- "${files[@]}" > SHA256SUMS)
mv -- "$work" "$final"
trap - EXIT
echo "$final"
