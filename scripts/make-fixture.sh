#!/usr/bin/env bash
# Regenerate fixtures/nips2018.json from the seed venue page: import into an empty SQLite database, dump.
# The summaries are then reviewed (and corrected by hand where the seed lost their layout): see README.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-../shared/seeds/000_c9ef4d147167c2f6.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DJANGO_DEBUG=1 DATABASE_URL="sqlite:///$tmp/fixture.sqlite3"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py import_shortscience "$SEED" --venue NIPS
.venv/bin/python manage.py dumpdata papers.venue papers.keyword papers.author papers.paper papers.authorship \
  summaries.summary --indent 1 --output fixtures/nips2018.json
echo "wrote fixtures/nips2018.json"
