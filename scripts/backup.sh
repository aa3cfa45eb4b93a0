#!/usr/bin/env bash
# make backup / make restore: the whole catalogue to and from a file.
# PostgreSQL: pg_dump custom format (pg_restore --clean); SQLite: dumpdata/loaddata JSON of every app (times are
# kept to the millisecond, as Django's JSON serializer writes them; sessions and the admin log are left out).
# PATH gets the extension (.pgdump or .json); a relative PATH is relative to where the command was run.
set -euo pipefail
usage="usage: backup.sh backup|restore PATH"
action=${1:?$usage}
target=${2:?$usage}
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-shortscience.settings}
engine=$($PY -c 'import django; django.setup(); from django.conf import settings; d = settings.DATABASES["default"]; print(d["ENGINE"].rsplit(".", 1)[-1])')
# Backups hold password hashes and e-mail addresses: readable by their owner only.
umask 077

# Write next to the target and rename at the end, so a failed backup never replaces the previous good one.
finish_backup() {
  mv -f "$1.partial" "$1"
  echo "Backed up to $1"
}

# A restore changes what every page shows: recount (cheap, and right even if the backup's counts were not) and
# give the catalogue a new version, so that pages cached before the restore, or a browser's If-Modified-Since,
# are not answered with the data being replaced.
after_restore() {
  $PY manage.py recount_catalogue >/dev/null
}

case "$action:$engine" in
  backup:postgresql)
    mkdir -p "$(dirname "$target")"
    "$PGBIN/pg_dump" --format=custom --no-owner --file="$target.pgdump.partial" "$DATABASE_URL"
    finish_backup "$target.pgdump" ;;
  restore:postgresql)
    [ -f "$target.pgdump" ] || { echo "no backup at $target.pgdump" >&2; exit 1; }
    "$PGBIN/pg_restore" --clean --if-exists --no-owner --single-transaction --exit-on-error \
      --dbname="$DATABASE_URL" "$target.pgdump"
    after_restore
    echo "Restored from $target.pgdump" ;;
  backup:sqlite3)
    mkdir -p "$(dirname "$target")"
    $PY manage.py dumpdata --natural-foreign --exclude contenttypes --exclude auth.permission \
      --exclude sessions --exclude admin.logentry --indent 1 --output "$target.json.partial"
    finish_backup "$target.json" ;;
  restore:sqlite3)
    [ -f "$target.json" ] || { echo "no backup at $target.json" >&2; exit 1; }
    $PY manage.py migrate --no-input >/dev/null
    # Flush and load in one transaction: a backup that fails to load leaves the database as it was.
    $PY - "$target.json" <<'PY'
import sys

import django

django.setup()
from django.core.management import call_command
from django.db import transaction

with transaction.atomic():
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", sys.argv[1], verbosity=1)
PY
    after_restore
    echo "Restored from $target.json" ;;
  *) echo "$usage (database engine: $engine)" >&2; exit 2 ;;
esac
