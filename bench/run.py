#!/usr/bin/env python
"""The load benchmark behind `make bench`: ShortScience under gunicorn on PostgreSQL at several catalogue sizes.

For each size (default 1k, 10k and 100k papers, three summaries per paper) it creates a database in the cluster
that DATABASE_URL points at (scripts/with-postgres.sh starts a throwaway one), fills it with
`generate_catalogue`, counts the SQL queries of each page in-process (django.test.Client), serves the app with
gunicorn and production settings, warms up, and drives each page from separate processes for a bounded time.
The ceiling is measured in the same run: the same bytes as each page, served as a static file by the same
gunicorn + WhiteNoise setup. Each page is driven twice: with the page cache off (DJANGO_CACHE_PAGES=0, every
request renders) and on (papers.cache: the anonymous page comes from the cache after the first request). Prints
tables and writes bench/results.json.

    scripts/with-postgres.sh .venv/bin/python bench/run.py --sizes 1000,10000 --seconds 2
"""

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.load import drive  # noqa: E402

PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
WORK = REPO / "var" / "bench"
STATIC_ROOT = WORK / "static"
CEILING_DIR = "bench-ceiling"  # under STATIC_ROOT, served at /static/bench-ceiling/...
SECRET_KEY = "bench-only-secret-key-9f1c2e7a4b6d8e0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b"
# Production settings behind a TLS-terminating proxy, as deploy/nginx.conf runs them; the load sends the header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

PAGES = [
    ("home", "Home"),
    ("venue", "Venue (histogram)"),
    ("venue_year", "Venue year"),
    ("paper", "Paper, 5 summaries"),
    ("author", "Author"),
    ("search_common", "Search, common term"),
    ("search_rare", "Search, rare term"),
    ("feed", "Feed"),
    ("api", "API list"),
]
COMMON_TERM = "learning"
P95_TARGET_MS = 50
SEARCH_P95_TARGET_MS = 100
CEILING_RATIO_TARGET = 0.25  # paper and venue-year pages, uncached
CACHED_CEILING_RATIO_TARGET = 0.5  # the same pages served from the page cache


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Catalogue sizes in papers (comma-separated).")
    parser.add_argument("--summaries-per-paper", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0, help="Load time per page and per ceiling file.")
    parser.add_argument("--warmup", type=float, default=1.0, help="Warm-up load time per page.")
    parser.add_argument("--max-requests", type=int, default=40_000, help="Request budget per page.")
    parser.add_argument("--concurrency", type=int, default=4, help="Client processes (one connection each).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker with --worker-class gthread.")
    parser.add_argument("--pages", default=",".join(name for name, _ in PAGES), help="Pages to drive.")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument("--keep-databases", action="store_true", help="Do not drop the generated databases.")
    parser.add_argument("--no-cached-pass", action="store_true", help="Only measure with the page cache off.")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # internal: count queries, write pages
    args = parser.parse_args()

    if args.probe:
        return probe(args.probe)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/run.py needs PostgreSQL: run `make bench` (it starts a throwaway cluster), or set DATABASE_URL")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    pages = [name for name in args.pages.split(",") if name]
    unknown = set(pages) - {name for name, _ in PAGES}
    if unknown:
        sys.exit(f"unknown pages: {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    results = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(database_url),
        "config": {
            "sizes": sizes, "summaries_per_paper": args.summaries_per_paper, "seconds_per_page": args.seconds,
            "warmup_seconds": args.warmup, "max_requests": args.max_requests, "concurrency": args.concurrency,
            "gunicorn": {"workers": args.workers, "worker_class": args.worker_class,
                         "threads": args.threads if args.worker_class == "gthread" else 1},
            "seed": 1, "venues": 50,
        },
        "sizes": [],
    }
    prepare_static()
    template = "bench_template"
    admin_url = database_url
    recreate_database(admin_url, template)
    run(["manage.py", "migrate", "--no-input", "-v", "0"], env=django_env(with_database(database_url, template)))
    for size in sizes:
        results["sizes"].append(bench_size(args, size, pages, admin_url, template))
        write_results(args.output, results)
    if not args.keep_databases:
        drop_database(admin_url, template)
    results["growth"] = growth(results["sizes"], pages)
    results["targets"] = targets(results["sizes"])
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    write_results(args.output, results)
    print_growth(results["growth"], sizes)
    print_targets(results["targets"])
    print(f"\nWrote {args.output} ({results['total_seconds']:.0f} s in all).")


# --- one size -------------------------------------------------------------------------------------------------


def bench_size(args, size, pages, admin_url, template):
    name = f"bench_{size}"
    print(f"\n=== {size} papers ===", flush=True)
    recreate_database(admin_url, name, template=template)
    env = django_env(with_database(admin_url, name))
    summaries = size * args.summaries_per_paper
    t0 = time.perf_counter()
    run(
        ["manage.py", "generate_catalogue", "--papers", str(size), "--summaries", str(summaries),
         "--venues", "50", "--seed", "1"],
        env=env,
    )
    generate_seconds = round(time.perf_counter() - t0, 1)
    analyze(with_database(admin_url, name))
    print(f"Generated in {generate_seconds} s; counting queries per page...", flush=True)

    ceiling_dir = STATIC_ROOT / CEILING_DIR / str(size)
    ceiling_dir.mkdir(parents=True, exist_ok=True)
    probe_out = WORK / f"probe-{size}.json"
    run(["bench/run.py", "--probe", str(probe_out)], env={**env, "BENCH_CEILING_DIR": str(ceiling_dir)})
    probed = json.loads(probe_out.read_text())

    entry = {
        "papers": size, "summaries": summaries, "generate_seconds": generate_seconds,
        "load_average_before_load": [round(x, 2) for x in os.getloadavg()],
        "database_size": database_size(with_database(admin_url, name)), "pages": {},
    }
    port = free_port()
    server = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "0"}, port, args)
    try:
        for page in pages:
            info = probed[page]
            row = {**info}
            entry["pages"][page] = row
            if info["status"] == 404:
                row["missing"] = True
                continue
            if info["status"] != 200:
                row["error"] = f"HTTP {info['status']}"
                continue
            load = warm_and_drive(port, info["url"], args)
            ceiling = warm_and_drive(port, f"/static/{CEILING_DIR}/{size}/{page}.html", args, warmup=0.5)
            row["load"] = load.as_dict()
            row["ceiling"] = ceiling.as_dict()
            row["ratio_to_ceiling"] = (
                round(load.requests_per_second / ceiling.requests_per_second, 3)
                if ceiling.requests_per_second else None
            )
            if problem := load_problem(load):
                row["error"] = problem
            print(format_row(page, row), flush=True)
    finally:
        stop(server)
    if not args.no_cached_pass:
        cached_pass(args, env, entry, pages)
    print_size_table(entry, pages)
    if not args.keep_databases:
        drop_database(admin_url, name)
    return entry


def cached_pass(args, env, entry, pages):
    """The same pages with the page cache on; the ratio is to the same static-file ceiling as the uncached pass."""
    port = free_port()
    server = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "1"}, port, args)
    try:
        for page in pages:
            row = entry["pages"][page]
            if "load" not in row:
                continue
            load = warm_and_drive(port, row["url"], args)
            row["cached"] = load.as_dict()
            ceiling = row["ceiling"]["requests_per_second"]
            row["cached_ratio_to_ceiling"] = round(load.requests_per_second / ceiling, 3) if ceiling else None
            if problem := load_problem(load):
                row["cached_error"] = problem
            print(format_cached_row(page, row), flush=True)
    finally:
        stop(server)


def warm_and_drive(port, path, args, warmup=None):
    """Warm the path up, then measure it for args.seconds (both bounded by args.max_requests)."""
    options = {"max_requests": args.max_requests, "concurrency": args.concurrency, "headers": PROXY_HEADERS}
    drive("127.0.0.1", port, path, seconds=min(args.warmup, warmup or args.warmup), **options)
    return drive("127.0.0.1", port, path, seconds=args.seconds, **options)


def load_problem(load):
    bad = {status: n for status, n in load.statuses.items() if status != "200"}
    return f"statuses {bad}, {load.errors} connection errors" if bad or load.errors else ""


def start_gunicorn(env, port, args):
    server_env = {
        **env,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_WORKER_CLASS": args.worker_class,
        "GUNICORN_THREADS": str(args.threads if args.worker_class == "gthread" else 1),
        "GUNICORN_ACCESS_LOG": "",  # logging every request would cost the server CPU the client measures
        "GUNICORN_MAX_REQUESTS": "0",  # no worker restarts in the middle of a measurement
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [GUNICORN, "shortscience.wsgi", "--config", str(REPO / "deploy" / "gunicorn.conf.py")],
        cwd=REPO, env=server_env, start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer within 30 s")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- in-process probe: which URLs, how many queries, the page bytes for the ceiling ----------------------------


def probe(out_path):
    """Run inside the size's environment: pick the URLs, count each page's queries, save its bytes."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = choose_urls()
    ceiling_dir = Path(os.environ["BENCH_CEILING_DIR"])
    client = Client(raise_request_exception=False)
    found = {}
    for page, url in urls.items():
        os.environ["DJANGO_CACHE_PAGES"] = "0"  # papers.cache reads it per request
        client.get(url, secure=True)  # the first request fills per-process caches (content types, templates)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        uncached_queries = len(queries)  # now: the next request resets the connection's query log
        body = b"".join(response.streaming_content) if response.streaming else response.content
        os.environ["DJANGO_CACHE_PAGES"] = "1"
        client.get(url, secure=True)
        with CaptureQueriesContext(connection) as cached_queries:
            client.get(url, secure=True)
        found[page] = {"url": url, "status": response.status_code, "queries": uncached_queries,
                       "queries_cached": len(cached_queries), "bytes": len(body)}
        (ceiling_dir / f"{page}.html").write_bytes(body)
    Path(out_path).write_text(json.dumps(found, indent=2))


def choose_urls():
    """The pages to drive: the busiest venue and year, a paper with 5 summaries, the most prolific author."""
    from django.db.models import Count

    from bench.synthetic.words import RARE_TERMS
    from papers.models import Author, Paper, Venue, visible_summaries_q

    venue = Venue.objects.annotate(n=Count("papers")).order_by("-n", "pk").first()
    year = venue.papers.order_by().values("year").annotate(n=Count("pk")).order_by("-n", "-year").first()["year"]
    paper = (
        Paper.objects.annotate(n=Count("summaries", filter=visible_summaries_q("summaries__")))
        .filter(n=5).order_by("pk").first()
    ) or Paper.objects.order_by("pk").first()
    author = Author.objects.annotate(n=Count("authorships")).order_by("-n", "pk").first()
    counts = {term: Paper.objects.filter(title__icontains=term).count() for term in RARE_TERMS}
    rare = min((term for term in counts if counts[term]), key=lambda t: (counts[t], t), default=RARE_TERMS[0])
    return {
        "home": "/",
        "venue": f"/venues/{venue.slug}/",
        "venue_year": f"/venues/{venue.slug}/{year}/",
        "paper": paper.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search_common": f"/search/?q={COMMON_TERM}",
        "search_rare": f"/search/?q={rare.lower()}",
        "feed": "/feeds/latest/",
        "api": "/api/papers/",
    }


# --- reports ----------------------------------------------------------------------------------------------------

HEADER = (
    f"{'page':<20} {'status':>7} {'queries':>7} {'KB':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    f" {'static req/s':>12} {'ratio':>6}"
)


def format_row(page, row):
    label = dict(PAGES)[page]
    if row.get("missing"):
        return f"{label:<20} {'missing':>7}"
    if "load" not in row:
        return f"{label:<20} {row.get('error', '?'):>7} {row['queries']:>7}"
    load, ceiling = row["load"], row["ceiling"]
    ratio = row["ratio_to_ceiling"]
    return (
        f"{label:<20} {row['status']:>7} {row['queries']:>7} {row['bytes'] / 1024:>6.1f}"
        f" {load['requests_per_second']:>7.0f} {load['p50_ms']:>7.1f} {load['p95_ms']:>7.1f} {load['p99_ms']:>7.1f}"
        f" {ceiling['requests_per_second']:>12.0f} {(f'{ratio:.0%}' if ratio is not None else '-'):>6}"
        + (f"  ! {row['error']}" if row.get("error") else "")
    )


def format_cached_row(page, row):
    label = dict(PAGES)[page] + " (cached)"
    load, ratio = row["cached"], row["cached_ratio_to_ceiling"]
    return (
        f"{label:<20} {row['status']:>7} {row.get('queries_cached', '-'):>7} {row['bytes'] / 1024:>6.1f}"
        f" {load['requests_per_second']:>7.0f} {load['p50_ms']:>7.1f} {load['p95_ms']:>7.1f} {load['p99_ms']:>7.1f}"
        f" {row['ceiling']['requests_per_second']:>12.0f} {(f'{ratio:.0%}' if ratio is not None else '-'):>6}"
        + (f"  ! {row['cached_error']}" if row.get("cached_error") else "")
    )


def print_size_table(entry, pages):
    print(f"\n{entry['papers']} papers, {entry['summaries']} summaries "
          f"(generated in {entry['generate_seconds']} s, database {entry['database_size']})")
    print(HEADER)
    for page in pages:
        print(format_row(page, entry["pages"][page]))
    cached = [page for page in pages if "cached" in entry["pages"][page]]
    if cached:
        print("With the page cache on:")
        for page in cached:
            print(format_cached_row(page, entry["pages"][page]))


def growth(entries, pages):
    """Per page: p50/p95 latency and queries at each size, and how the largest size compares with the smallest."""
    table = {}
    for page in pages:
        points = {}
        for entry in entries:
            row = entry["pages"].get(page, {})
            if "load" in row:
                points[str(entry["papers"])] = {
                    "p50_ms": row["load"]["p50_ms"], "p95_ms": row["load"]["p95_ms"], "queries": row["queries"],
                    "requests_per_second": row["load"]["requests_per_second"],
                }
        if points:
            first, last = points[min(points, key=int)], points[max(points, key=int)]
            table[page] = {
                "by_size": points,
                "p50_growth": round(last["p50_ms"] / first["p50_ms"], 2) if first["p50_ms"] else None,
                "queries_constant": len({p["queries"] for p in points.values()}) == 1,
            }
        else:
            table[page] = {"by_size": {}, "missing": True}
    return table


def print_growth(table, sizes):
    print("\nCost growth (p50 ms / queries per request at each size; last column: p50 at the largest / smallest)")
    print(f"{'page':<20} " + " ".join(f"{size:>14}" for size in sizes) + f" {'growth':>7}")
    for page, label in PAGES:
        if page not in table:
            continue
        row = table[page]
        if row.get("missing"):
            print(f"{label:<20} missing")
            continue
        cells = []
        for size in sizes:
            point = row["by_size"].get(str(size))
            cells.append(f"{point['p50_ms']:>8.1f} / {point['queries']:>3}" if point else f"{'-':>14}")
        growth_cell = f"{row['p50_growth']:.2f}x" if row["p50_growth"] else "-"
        print(f"{label:<20} " + " ".join(cells) + f" {growth_cell:>7}")


def targets(entries):
    """The issue's targets, checked against the largest size measured."""
    if not entries:
        return []
    largest = max(entries, key=lambda e: e["papers"])
    checks = []
    for page, label in PAGES:
        row = largest["pages"].get(page)
        if not row or "load" not in row:
            if row is not None:
                checks.append({"target": f"{label}: measured", "ok": False, "detail": row.get("error", "missing")})
            continue
        limit = SEARCH_P95_TARGET_MS if page.startswith("search") else P95_TARGET_MS
        p95 = row["load"]["p95_ms"]
        checks.append({"target": f"{label}: p95 < {limit} ms", "ok": p95 < limit, "detail": f"{p95} ms"})
        if page in ("paper", "venue_year"):
            ratio = row["ratio_to_ceiling"] or 0
            checks.append({
                "target": f"{label}: >= {CEILING_RATIO_TARGET:.0%} of the static-file ceiling (uncached)",
                "ok": ratio >= CEILING_RATIO_TARGET, "detail": f"{ratio:.0%}",
            })
            if "cached" in row:
                ratio = row["cached_ratio_to_ceiling"] or 0
                checks.append({
                    "target": f"{label}: >= {CACHED_CEILING_RATIO_TARGET:.0%} of the static-file ceiling (cached)",
                    "ok": ratio >= CACHED_CEILING_RATIO_TARGET, "detail": f"{ratio:.0%}",
                })
        if "cached" in row:
            p95 = row["cached"]["p95_ms"]
            checks.append({"target": f"{label} (cached): p95 < {limit} ms", "ok": p95 < limit, "detail": f"{p95} ms"})
    for page, label in PAGES:
        counts = {e["papers"]: e["pages"][page]["queries"] for e in entries if "queries" in e["pages"].get(page, {})}
        if len(counts) > 1:
            checks.append({
                "target": f"{label}: same number of queries at every size",
                "ok": len(set(counts.values())) == 1,
                "detail": ", ".join(f"{n}: {q}" for n, q in sorted(counts.items())),
            })
    return checks


def print_targets(checks):
    print(f"\nTargets (at the largest size; {sum(c['ok'] for c in checks)}/{len(checks)} met)")
    for check in checks:
        print(f"  [{'ok' if check['ok'] else 'MISSED':>6}] {check['target']}: {check['detail']}")


def write_results(path, results):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


# --- environment ------------------------------------------------------------------------------------------------


def django_env(database_url):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "PYTHONPATH": str(REPO),
    })
    return env


def prepare_static():
    """collectstatic with the production storage (hashed, compressed) into a bench-only STATIC_ROOT."""
    shutil.rmtree(STATIC_ROOT, ignore_errors=True)
    STATIC_ROOT.mkdir(parents=True)
    env = django_env("sqlite:///:memory:")
    run(["manage.py", "collectstatic", "--no-input", "-v", "0"], env=env)


def run(command, env):
    subprocess.run([PY, *command], cwd=REPO, env=env, check=True)


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def recreate_database(admin_url, name, template=None):
    with _admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(admin_url, name):
    with _admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def analyze(url):
    with _admin(url) as conn:
        conn.execute("VACUUM ANALYZE")


def database_size(url):
    with _admin(url) as conn:
        return conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]


def machine_facts(database_url):
    with _admin(database_url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    import django

    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
        "postgresql": server, "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
