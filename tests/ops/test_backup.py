"""`make backup` / `make restore` (scripts/backup.sh) bring back the whole catalogue, on SQLite and on PostgreSQL."""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def run(args, database_url, **kwargs):
    """Run a command against `database_url` with production settings, as an operator would."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY="backup-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    env.update(kwargs.pop("env", {}))
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def catalogue(command, database_url):
    """Run tests/ops/catalogue.py's `command` and return the snapshot it prints."""
    result = run(
        [sys.executable, "-m", "tests.ops.catalogue", command], database_url,
        env={"DJANGO_SETTINGS_MODULE": "shortscience.test_settings"},
    )
    return json.loads(result.stdout)


TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?=[+-]\d\d:\d\d$|$)")


def _millisecond(match):
    return f"{match[1]}.{(match[2] or '').ljust(6, '0')[:3]}"


def to_milliseconds(snapshot):
    """Django's JSON serializer (dumpdata) writes times to the millisecond (".000" on a whole second): compare
    SQLite round trips at that precision."""
    return {
        label: [{key: TIMESTAMP.sub(_millisecond, value) if isinstance(value, str) else value
                 for key, value in row.items()} for row in rows]
        for label, rows in snapshot.items()
    }


def byline(snapshot, paper_id):
    names = {row["id"]: row["name"] for row in snapshot["papers.author"]}
    rows = sorted((row for row in snapshot["papers.authorship"] if row["paper_id"] == paper_id),
                  key=lambda row: row["position"])
    return [names[row["author_id"]] for row in rows]


def assert_round_trip(database_url, backup_path, extension, *, exact_times=True):
    original = catalogue("setup", database_url)
    first_paper = min(row["id"] for row in original["papers.paper"])
    assert byline(original, first_paper)[-1] == "Zoë Ångström"
    assert len(original["summaries.vote"]) == 3 and len(original["auth.user"]) == 3

    backup = run(["scripts/backup.sh", "backup", str(backup_path)], database_url)
    assert f"Backed up to {backup_path}{extension}" in backup.stdout
    backup_file = Path(f"{backup_path}{extension}")
    assert backup_file.stat().st_size > 10_000
    assert backup_file.stat().st_mode & 0o077 == 0, "a backup holds password hashes: owner-only permissions"

    altered = catalogue("alter", database_url)
    assert altered != original
    assert altered["summaries.vote"] == [] and len(altered["auth.user"]) == 2
    assert byline(altered, first_paper) != byline(original, first_paper)

    restore = run(["scripts/backup.sh", "restore", str(backup_path)], database_url)
    assert f"Restored from {backup_path}{extension}" in restore.stdout

    restored = catalogue("snapshot", database_url)
    # The page-cache version is new after a restore (pages cached before it must not be served), and newer.
    version = {name: snapshot.pop("pagecache.catalogueversion") for name, snapshot in
               [("original", original), ("altered", altered), ("restored", restored)]}
    assert version["restored"][0]["token"] not in {version["original"][0]["token"], version["altered"][0]["token"]}
    assert version["restored"][0]["changed_at"] > version["altered"][0]["changed_at"]
    # So are the per-object versions the restore's writes replaced: cache bookkeeping, not the catalogue.
    for snapshot in (original, altered, restored):
        snapshot.pop("pagecache.objectversion", None)
    if not exact_times:
        original, restored = to_milliseconds(original), to_milliseconds(restored)
    assert sorted(restored) == sorted(original)
    for label in original:
        assert restored[label] == original[label], f"{label} differs after the restore"
    assert byline(restored, first_paper) == byline(original, first_paper)


def test_backup_and_restore_round_trip_the_whole_catalogue_on_sqlite(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
    assert_round_trip(database_url, tmp_path / "backups" / "catalogue", ".json", exact_times=False)


def test_restore_without_a_backup_file_fails_and_keeps_the_data(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
    before = catalogue("setup", database_url)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SECRET_KEY="backup-test-secret-key-0123456789-abcdefghijklmnop")
    result = subprocess.run(["scripts/backup.sh", "restore", str(tmp_path / "missing")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"no backup at {tmp_path / 'missing'}.json" in result.stderr
    assert catalogue("snapshot", database_url) == before


def test_make_targets_call_the_backup_script_with_the_file_given():
    dry_run = subprocess.run(["make", "-n", "backup", "restore", "FILE=/srv/backups/monday"], cwd=REPO,
                             capture_output=True, text=True, timeout=30)
    assert dry_run.returncode == 0, dry_run.stderr
    assert "scripts/backup.sh backup /srv/backups/monday" in dry_run.stdout
    assert "scripts/backup.sh restore /srv/backups/monday" in dry_run.stdout


@pytest.mark.postgres
def test_backup_and_restore_round_trip_the_whole_catalogue_on_postgresql(tmp_path):
    import psycopg

    settings = connection.settings_dict
    name = f"backup_test_{uuid.uuid4().hex[:12]}"
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432,
              "user": settings["USER"], "password": settings["PASSWORD"] or None, "dbname": "postgres"}
    database_url = (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{server['host']}:{server['port']}"
                    f"/{name}")
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        assert_round_trip(database_url, tmp_path / "catalogue", ".pgdump")
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
