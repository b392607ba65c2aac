#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database and both media folders.
#
# Usage:  scripts/restore.sh [--force] BACKUP_FOLDER
#
# It restores into the database and the folders the Django settings name, so point them
# where the restore should go (DATABASE_URL, MEDIA_ROOT, PRIVATE_MEDIA_ROOT), e.g.:
#
#   createdb portal_restored
#   DATABASE_URL=postgres://portal@db/portal_restored MEDIA_ROOT=/srv/restore/media \
#     PRIVATE_MEDIA_ROOT=/srv/restore/private scripts/restore.sh backups/portal-20270101T031500Z
#
# Before changing anything it checks SHA256SUMS, that the backup matches the database engine,
# and that the target database and folders are empty; --force restores over existing data
# (PostgreSQL: pg_restore --clean --if-exists drops what the dump holds first). PostgreSQL is
# restored with pg_restore --clean --if-exists --no-owner, so the tables belong to the user
# DATABASE_URL names. Afterwards run `manage.py migrate` if the code is newer than the backup.
#
# Environment: PYTHON (default .venv/bin/python when present, else python3); the PG* variables
# of libpq are honoured.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
force=0
args=()
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --force) force=1 ;;
        -*) usage >&2; exit 2 ;;
        *) args+=("$arg") ;;
    esac
done
if [[ ${#args[@]} -ne 1 ]]; then usage >&2; exit 2; fi

project_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backup="$(realpath -e -- "${args[0]}")"
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$project_dir/.venv/bin/python" ]]; then PYTHON="$project_dir/.venv/bin/python"; else PYTHON=python3; fi
fi

fail() { echo "restore.sh: $*" >&2; exit 1; }

[[ -f "$backup/SHA256SUMS" ]] || fail "$backup has no SHA256SUMS: not a backup made by backup.sh"
(cd "$backup" && sha256sum --check --strict --quiet SHA256SUMS) || fail "checksums do not match: the backup is damaged"

cd "$project_dir"
paths="$("$PYTHON" manage.py backup_paths)"
eval "$paths"

is_empty_dir() { [[ ! -e "$1" ]] || [[ -d "$1" && -z "$(ls -A -- "$1")" ]]; }

# Every check first, so that a refusal leaves everything as it was.
case "$DB_ENGINE" in
    postgresql)
        [[ -f "$backup/database.dump" ]] || fail "the backup holds no PostgreSQL dump (database.dump)"
        [[ -n "$DB_HOST" ]] && export PGHOST="$DB_HOST"
        [[ -n "$DB_PORT" ]] && export PGPORT="$DB_PORT"
        [[ -n "$DB_USER" ]] && export PGUSER="$DB_USER"
        [[ -n "$DB_PASSWORD" ]] && export PGPASSWORD="$DB_PASSWORD"
        [[ -n "$DB_SSLMODE" ]] && export PGSSLMODE="$DB_SSLMODE"
        tables="$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DB_NAME" \
            --command="SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
        if [[ "$tables" != "0" && $force -eq 0 ]]; then
            fail "database $DB_NAME already has $tables tables; restore into an empty database or pass --force"
        fi
        ;;
    sqlite3)
        [[ -f "$backup/database.sqlite3" ]] || fail "the backup holds no SQLite database (database.sqlite3)"
        if [[ -s "$DB_NAME" && $force -eq 0 ]]; then
            fail "$DB_NAME already exists; restore to a new file or pass --force"
        fi
        ;;
    *) fail "database engine '$DB_ENGINE' is not supported" ;;
esac
for folder in "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"; do
    if ! is_empty_dir "$folder" && [[ $force -eq 0 ]]; then
        fail "$folder is not empty; restore into an empty folder or pass --force"
    fi
done

case "$DB_ENGINE" in
    postgresql)
        pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DB_NAME" "$backup/database.dump"
        ;;
    sqlite3)
        mkdir -p -- "$(dirname -- "$DB_NAME")"
        cp -- "$backup/database.sqlite3" "$DB_NAME.restoring"
        mv -- "$DB_NAME.restoring" "$DB_NAME"
        ;;
esac

mkdir -p -- "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar --extract --gzip --no-same-owner --file="$backup/media.tar.gz" --directory="$MEDIA_ROOT"
tar --extract --gzip --no-same-owner --file="$backup/private-media.tar.gz" --directory="$PRIVATE_MEDIA_ROOT"

echo "restored $backup into database $DB_NAME, $MEDIA_ROOT and $PRIVATE_MEDIA_ROOT"
