#!/usr/bin/env bash
# Regenerate fixtures/nips2018.json from the seed venue page: import into an empty SQLite database, apply the
# hand corrections of fixtures/corrections/<paper slug>.md (the seed lost the summaries' line breaks; a
# correction restores the author's layout, never changes a word), dump.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-../shared/seeds/000_c9ef4d147167c2f6.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DJANGO_DEBUG=1 DATABASE_URL="sqlite:///$tmp/fixture.sqlite3"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py import_shortscience "$SEED" --venue NIPS
# Through the ORM, so that Summary.save() renders body_html again; any bad correction fails the whole script.
.venv/bin/python - fixtures/corrections <<'PY'
import os
import sys

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.settings")
django.setup()

from importers.fixture_corrections import SummaryCorrectionError, apply_summary_corrections  # noqa: E402

try:
    applied = apply_summary_corrections(sys.argv[1])
except SummaryCorrectionError as exc:
    sys.exit(f"make-fixture.sh: {exc}")
print(f"applied {len(applied)} summary corrections from {sys.argv[1]}/")
PY
.venv/bin/python manage.py dumpdata papers.venue papers.keyword papers.author papers.paper papers.authorship \
  summaries.summary --indent 1 --output fixtures/nips2018.json
echo "wrote fixtures/nips2018.json"
