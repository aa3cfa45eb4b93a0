#!/usr/bin/env bash
# make backup / make restore: the whole catalogue to and from a file.
# PostgreSQL: pg_dump custom format (pg_restore --clean); SQLite: dumpdata/loaddata JSON of every app.
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:?usage: backup.sh backup|restore PATH}
target=${2:?usage: backup.sh backup|restore PATH}
PY=${PY:-.venv/bin/python}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
url=$($PY -c 'import django, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.settings"); django.setup(); from django.conf import settings; d = settings.DATABASES["default"]; print(d["ENGINE"].rsplit(".", 1)[-1])')

case "$action:$url" in
  backup:postgresql)
    "$PGBIN/pg_dump" --format=custom --no-owner --file="$target.pgdump" "$DATABASE_URL"
    echo "Backed up to $target.pgdump" ;;
  restore:postgresql)
    [ -f "$target.pgdump" ] || { echo "no backup at $target.pgdump" >&2; exit 1; }
    "$PGBIN/pg_restore" --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" "$target.pgdump"
    echo "Restored from $target.pgdump" ;;
  backup:sqlite3)
    $PY manage.py dumpdata --natural-foreign --exclude contenttypes --exclude auth.permission \
      --exclude sessions --exclude admin.logentry --indent 1 --output "$target.json"
    echo "Backed up to $target.json" ;;
  restore:sqlite3)
    [ -f "$target.json" ] || { echo "no backup at $target.json" >&2; exit 1; }
    $PY manage.py migrate --no-input >/dev/null
    # Flush and load in one transaction: a backup that fails to load leaves the database as it was.
    DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-shortscience.settings} $PY - "$target.json" <<'PY'
import sys

import django

django.setup()
from django.core.management import call_command
from django.db import transaction

with transaction.atomic():
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", sys.argv[1], verbosity=1)
PY
    echo "Restored from $target.json" ;;
  *) echo "usage: backup.sh backup|restore PATH (database $url)" >&2; exit 2 ;;
esac
