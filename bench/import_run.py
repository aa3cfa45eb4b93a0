#!/usr/bin/env python
"""The import benchmark behind `make bench-import`: import_dblp on synthetic DBLP-format files on PostgreSQL.

For each size (default 100k and 1M records) it writes the file with `generate_dblp` (dblp.dtd beside it), creates
a fresh database in the cluster DATABASE_URL points at (scripts/with-postgres.sh starts a throwaway one), migrates
it, and runs the import in a process of its own that reports records/s and its peak memory (ru_maxrss, and how
much it grew during the import). The ceiling is measured in the same run: the same file only parsed (iterparse
and record normalisation, no database). Writes bench/results-import.json.

    scripts/with-postgres.sh .venv/bin/python bench/import_run.py --sizes 100000,1000000
"""

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.environment import (  # noqa: E402
    PY,
    WORK,
    django_env,
    drop_database,
    machine_facts,
    recreate_database,
    run,
    with_database,
)
from bench.reporting import write_results  # noqa: E402

FULL_DUMP_RECORDS = 7_000_000


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(path, mode, batch_size):
    """In the child process: import (or only parse) `path`, print one JSON line of measurements."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.settings")
    django.setup()
    from importers.dblp import dblp_import, selection_build
    from importers.dblp.parsing import iter_records, open_dblp

    before = maxrss_mb()
    started = time.perf_counter()
    if mode == "parse":
        with open_dblp(path) as stream:
            read = sum(1 for _ in iter_records(stream))
        result = {"read": read}
    else:
        report = dblp_import(path=path, selection=selection_build(), batch_size=batch_size)
        read = report.read
        result = {"read": read, "created": report.created, "updated": report.updated, "skipped": report.skipped,
                  "outside": report.outside}
    seconds = time.perf_counter() - started
    result.update(seconds=round(seconds, 2), records_per_second=round(read / seconds),
                  maxrss_mb_before=round(before, 1), maxrss_mb=round(maxrss_mb(), 1))
    print(json.dumps(result))


def measure(env, path, mode, batch_size):
    command = [PY, str(Path(__file__).resolve()), "--probe", str(path), "--mode", mode, "--batch-size", str(batch_size)]
    output = subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="Records per file (comma-separated).")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reimport-up-to", type=int, default=100_000, help="Re-import files up to this size.")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results-import.json")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="import", choices=["import", "parse"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        return probe(args.probe, args.mode, args.batch_size)

    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL: run it through scripts/with-postgres.sh (make bench-import)")
    results = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
               "machine": machine_facts(admin_url), "batch_size": args.batch_size, "note":
               "2 cores shared with other jobs: timings are noisy; the parse-only ceiling is measured in the same run",
               "sizes": []}
    for size in [int(s) for s in args.sizes.split(",")]:
        directory = WORK / f"dblp-{size}"
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "dblp.xml"
        url = with_database(admin_url, f"bench_import_{size}")
        recreate_database(admin_url, f"bench_import_{size}")
        env = django_env(url)
        run(["manage.py", "generate_dblp", str(path), "--records", str(size), "--seed", str(args.seed), "-v", "0"],
            env=env)
        run(["manage.py", "migrate", "--no-input", "-v", "0"], env=env)
        parse = measure(env, path, "parse", args.batch_size)
        first = measure(env, path, "import", args.batch_size)
        # Every record is already there: the update path (on the smaller files only, to bound the run's time).
        again = measure(env, path, "import", args.batch_size) if size <= args.reimport_up_to else None
        entry = {
            "records": size, "file_mb": round(path.stat().st_size / 1e6, 1), "parse_only": parse, "import": first,
            "reimport": again, "import_vs_parse": round(first["records_per_second"] / parse["records_per_second"], 3),
            "projected_full_dump_minutes": round(FULL_DUMP_RECORDS / first["records_per_second"] / 60, 1),
        }
        results["sizes"].append(entry)
        reimport = f"re-import {again['records_per_second']:,}/s, peak {again['maxrss_mb']} MB; " if again else ""
        print(f"{size:>9,} records ({entry['file_mb']} MB): parse only {parse['records_per_second']:,}/s; "
              f"import {first['records_per_second']:,}/s (x{entry['import_vs_parse']} of parse), peak "
              f"{first['maxrss_mb']} MB (from {first['maxrss_mb_before']} MB); {reimport}7M records: "
              f"{entry['projected_full_dump_minutes']} min", flush=True)
        write_results(args.output, results)
        drop_database(admin_url, f"bench_import_{size}")
        path.unlink()
    if len(results["sizes"]) >= 2:
        small, large = results["sizes"][0]["import"], results["sizes"][-1]["import"]
        results["peak_memory_growth_mb"] = round(large["maxrss_mb"] - small["maxrss_mb"], 1)
        print(f"Peak memory, smallest to largest file: {small['maxrss_mb']} -> {large['maxrss_mb']} MB")
        write_results(args.output, results)


if __name__ == "__main__":
    main()
