#!/usr/bin/env python
"""The load benchmark behind `make bench`: ShortScience under gunicorn on PostgreSQL at several catalogue sizes.

For each size (default 1k, 10k and 100k papers, three summaries per paper) it creates a database in the cluster
that DATABASE_URL points at (scripts/with-postgres.sh starts a throwaway one), fills it with
`generate_catalogue`, counts the SQL queries of each page in-process (django.test.Client), serves the app with
gunicorn and production settings, warms up, and drives each page from separate processes for a bounded time.
The ceiling is measured in the same run: the same bytes as each page, served as a static file by the same
gunicorn + WhiteNoise setup. Each page is driven twice: with the page cache off (DJANGO_CACHE_PAGES=0, every
request renders) and on (pagecache: the anonymous page comes from the cache after the first request); with the
cache on, in turn with and without counting views (readership), to report what counting costs a cached page.
Prints tables and writes bench/results.json.

    scripts/with-postgres.sh .venv/bin/python bench/run.py --sizes 1000,10000 --seconds 2
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.environment import (  # noqa: E402
    PROXY_HEADERS,
    STATIC_ROOT,
    WORK,
    analyze,
    database_size,
    django_env,
    drop_database,
    free_port,
    machine_facts,
    prepare_static,
    recreate_database,
    run,
    start_gunicorn,
    start_redis,
    stop,
    with_database,
)
from bench.load import drive  # noqa: E402
from bench.mixed import browser_cookies, drive_mixed, server_cpu_seconds, watch_server  # noqa: E402
from bench.pages import COUNTED_PAGES, PAGES, probe  # noqa: E402
from bench.reporting import (  # noqa: E402
    format_cached_row,
    format_row,
    growth,
    print_growth,
    print_size_table,
    write_results,
)
from bench.targets import LOGGED_IN_PAGES, print_targets, serving_targets, targets  # noqa: E402

CEILING_DIR = "bench-ceiling"  # under STATIC_ROOT, served at /static/bench-ceiling/...
BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Catalogue sizes in papers (comma-separated).")
    parser.add_argument("--summaries-per-paper", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0, help="Load time per page and per ceiling file.")
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
    parser.add_argument("--counting-rounds", type=int, default=3, choices=range(1, 10), metavar="1..9",
                        help="Cached paper pages at the largest size: runs with and without counting views, in "
                             "turn; medians compared (one run at the other sizes; other pages count no views).")
    parser.add_argument("--logged-in-rounds", type=int, default=3, choices=range(1, 10), metavar="1..9",
                        help="The logged-in paper and venue-year pages at the largest size: runs each beside the "
                             "static-file ceiling on the same server, in turn; the median ratio is reported.")
    parser.add_argument("--recycling-seconds", type=float, default=0.0,
                        help="At the largest size, drive the cached home page this long with worker recycling at "
                             "the old and the new max_requests (0: skip).")
    parser.add_argument("--mixed-seconds", type=float, default=30.0,
                        help="Length of each mixed-workload run (at the largest size; 0: none).")
    parser.add_argument("--mixed-cache", choices=["redis", "memory"], default="redis",
                        help="The cache of the mixed workload and of the logged-in pass: one Redis for all workers "
                             "(and the sessions), as in production (default), or each worker's own memory.")
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
    results["targets"] = targets(results["sizes"]) + serving_targets(results["sizes"])
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
    mixed_targets = WORK / f"mixed-{size}.txt"
    run(["bench/run.py", "--probe", str(probe_out)],
        env={**env, "BENCH_CEILING_DIR": str(ceiling_dir), "BENCH_MIXED_TARGETS": str(mixed_targets)})
    probed = json.loads(probe_out.read_text())

    entry = {
        "papers": size, "summaries": summaries, "generate_seconds": generate_seconds,
        "load_average_before_load": [round(x, 2) for x in os.getloadavg()],
        "database_size": database_size(with_database(admin_url, name)), "pages": {},
    }
    port = free_port()
    server = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "0"}, port, args)
    watch_server(server.pid)
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
            row["load"] = load.as_dict()
            row["ceiling"] = ceiling_run(port, size, page, args)
            row["ratio_to_ceiling"] = ratio(load.requests_per_second, row["ceiling"]["requests_per_second"])
            if problem := load_problem(load):
                row["error"] = problem
            print(format_row(page, row), flush=True)
    finally:
        stop(server)
    largest = size == max(int(s) for s in args.sizes.split(",") if s.strip())
    if not args.no_cached_pass:  # what counting costs is measured (in rounds) at the largest size only
        cached_pass(args, env, entry, pages, probed["_mixed"], rounds=args.counting_rounds if largest else 1,
                    logged_in_rounds=args.logged_in_rounds if largest else 1)
    if args.mixed_seconds and largest and "paper" in pages:
        entry["mixed"] = {mode: mixed_pass(args, env, entry, mixed_targets, probed["_mixed"], per_object)
                          for mode, per_object in (("single version", False), ("per-object versions", True))}
    if args.recycling_seconds and largest:
        entry["recycling"] = recycling_pass(args, env)
    print_size_table(entry, pages)
    if not args.keep_databases:
        drop_database(admin_url, name)
    return entry


def cached_pass(args, env, entry, pages, session, rounds, logged_in_rounds=1):
    """The same pages with the page cache on, with and without counting views (readership), both servers up at once
    and driven in turn `rounds` times per page: the cost of counting is the ratio of the medians. Only pages whose
    views are counted (paper pages) are compared; the others run once, with counting on, as on the site. The ratio
    to the ceiling is to the same static-file ceiling as the uncached pass. Then the logged-in pass (its targeted pages
    `logged_in_rounds` times)."""
    ports = {"counted": free_port(), "uncounted": free_port()}
    counting = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "1", "READERSHIP_COUNT_VIEWS": "1"}, ports["counted"], args)
    plain = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "1", "READERSHIP_COUNT_VIEWS": "0"}, ports["uncounted"], args)
    watch_server(counting.pid)
    try:
        for page in pages:
            row = entry["pages"][page]
            if "load" not in row:
                continue
            compared = page in COUNTED_PAGES
            runs = {"counted": [], "uncounted": []} if compared else {"counted": []}
            for _ in range(rounds if compared else 1):
                for kind in runs:
                    runs[kind].append(warm_and_drive(ports[kind], row["url"], args))
            load = median_run(runs["counted"])
            row["cached"] = load.as_dict()
            if compared:
                uncounted = median_run(runs["uncounted"])
                row["cached_uncounted"] = uncounted.as_dict()
                row["counting_rounds"] = {kind: [round(r.requests_per_second) for r in done]
                                          for kind, done in runs.items()}
                row["counting_ratio"] = ratio(load.requests_per_second, uncounted.requests_per_second)
            row["cached_ratio_to_ceiling"] = ratio(load.requests_per_second, row["ceiling"]["requests_per_second"])
            if problem := load_problem(load) or (compared and load_problem(uncounted)):
                row["cached_error"] = problem
            print(format_cached_row(page, row), flush=True)
    finally:
        stop(counting)
        stop(plain)
    logged_in_pass(args, env, entry, pages, session, logged_in_rounds)


def logged_in_pass(args, env, entry, pages, session, rounds=1):
    """Each page with a real session cookie, on a server whose workers share one Redis for the cache and the
    sessions, as production's (`--mixed-cache redis`, the default), counting views; and the workers' CPU time per
    request. The pages with logged-in targets run `rounds` times, each time beside the static-file ceiling."""
    with shared_cache(args) as shared:
        port = free_port()
        server = start_gunicorn({**env, **shared, "DJANGO_CACHE_PAGES": "1", "READERSHIP_COUNT_VIEWS": "1"}, port, args)
        watch_server(server.pid)
        try:
            drive_logged_in(args, entry, pages, session, port, rounds)
        finally:
            stop(server)


@contextmanager
def shared_cache(args):
    """The settings of a server whose workers share one throwaway Redis (`--mixed-cache redis`), or none."""
    if args.mixed_cache != "redis":
        yield {}
        return
    port = free_port()
    redis = start_redis(port)
    try:
        yield {"REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    finally:
        stop(redis)


def ratio(numerator, denominator):
    """numerator / denominator to three decimals; None without a denominator."""
    return round(numerator / denominator, 3) if denominator else None


def driven_with_cpu(port, path, args, **options):
    """(warm_and_drive's load, the server's CPU milliseconds per request of it, warm-up included)."""
    cpu_before = server_cpu_seconds()
    load = warm_and_drive(port, path, args, **options)
    cpu = (server_cpu_seconds() - cpu_before) * 1000 / max(1, load.requests + load.warmup_requests)
    return load, round(cpu, 2)


def ceiling_run(port, size, page, args):
    """The page's bytes as a static file from the server at `port`: the ceiling its load is a share of, with the
    server's CPU per request (how fast the machine was then, beside the page's own)."""
    static, cpu = driven_with_cpu(port, f"/static/{CEILING_DIR}/{size}/{page}.html", args, warmup=0.5)
    return {**static.as_dict(), "cpu_ms_per_request": cpu}


def drive_logged_in(args, entry, pages, session, port, rounds=1):
    """The logged-in load of each page. A page with logged-in targets runs `rounds` times, each run followed by its
    static file on the same server (the ceiling beside it, not the uncached pass's of minutes before: the VM's
    speed drifts), and the run with the median ratio is kept."""
    cookie, _ = browser_cookies(session["cookie"], session["session"])
    for page in pages:
        row = entry["pages"][page]
        if "load" not in row:
            continue
        beside = page in LOGGED_IN_PAGES and rounds > 1
        runs = []
        for _ in range(rounds if beside else 1):
            load, cpu = driven_with_cpu(port, row["url"], args, headers=cookie)
            ceiling = ceiling_run(port, entry["papers"], page, args) if beside else row["ceiling"]
            runs.append((ratio(load.requests_per_second, ceiling["requests_per_second"]), load, cpu, ceiling))
        runs.sort(key=lambda run: run[0] or 0)
        share, load, cpu, ceiling = runs[len(runs) // 2]
        if beside:
            row["logged_in_rounds"] = [run[0] for run in runs]
            row["logged_in_ceiling"] = ceiling
        row["logged_in"] = {**load.as_dict(), "cpu_ms_per_request": cpu}
        row["logged_in_ratio_to_ceiling"] = share
        if problem := load_problem(load):
            row["logged_in_error"] = problem
        rounds_note = f" (median of {row['logged_in_rounds']})" if beside else ""
        print(f"{page:<14} logged-in {load.requests_per_second:>8.1f} req/s  p50 {load.p50_ms:>6.1f} ms  "
              f"p95 {load.p95_ms:>6.1f} ms  {cpu:.2f} ms CPU/request "
              f"(static file {ceiling.get('cpu_ms_per_request', 0):.2f})  "
              f"{share or 0:.0%} of ceiling{rounds_note}", flush=True)


def median_run(loads):
    return sorted(loads, key=lambda load: load.requests_per_second)[len(loads) // 2]


def recycling_pass(args, env):
    """The cached home page with gunicorn's max_requests at 5,000 (the old setting) and 100,000 (+-20%, the new)."""
    results = {}
    for max_requests in (0, 5000, 100_000):
        port = free_port()
        server = start_gunicorn({**env, "DJANGO_CACHE_PAGES": "1", "GUNICORN_MAX_REQUESTS": str(max_requests)},
                                port, args)
        try:
            options = {"max_requests": 10**6, "concurrency": args.concurrency, "headers": PROXY_HEADERS}
            drive("127.0.0.1", port, "/", seconds=1, **options)
            load = drive("127.0.0.1", port, "/", seconds=args.recycling_seconds, **options)
        finally:
            stop(server)
        results[str(max_requests or "off")] = load.as_dict()
        print(f"recycling, max_requests {max_requests or 'off'}: {load.requests_per_second:.0f} req/s, p50 "
              f"{load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, max {load.max_ms:.1f} ms", flush=True)
    return results


def mixed_pass(args, env, entry, targets_path, session, per_object):
    """The mixed workload on a fresh server (cold caches), with the single catalogue version or per-object ones."""
    port = free_port()
    generous = {f"RATELIMIT_{scope}": "1000000/h" for scope in ("VOTE", "SUMMARY", "COMMENT")}
    options = {"max_requests": args.max_requests * 10, "concurrency": args.concurrency, "headers": PROXY_HEADERS}
    seen = set()  # the papers read anonymously so far, for the ideal hit ratio
    with shared_cache(args) as shared:
        server = start_gunicorn({**env, **generous, **shared, "DJANGO_CACHE_PAGES": "1",
                                 "DJANGO_PAGE_CACHE_PER_OBJECT": "1" if per_object else "0"}, port, args)
        watch_server(server.pid)
        try:  # a third as long unmeasured first, as a site's caches are warm; then other draws of the distribution
            drive_mixed(port, targets_path, session["cookie"], seconds=args.mixed_seconds / 3, seen=seen, **options)
            result = drive_mixed(port, targets_path, session["cookie"], seconds=args.mixed_seconds, seen=seen,
                                 seed=1000, **options)
        finally:
            stop(server)
    result["cache"] = args.mixed_cache
    ceiling = entry["pages"].get("paper", {}).get("ceiling", {}).get("requests_per_second")
    result["ratio_to_ceiling"] = ratio(result["requests_per_second"], ceiling)
    label = "per-object versions" if per_object else "single version"
    classes = "  ".join(f"{kind} p50 {c['p50_ms']:.1f} / p95 {c['p95_ms']:.1f} ms"
                        for kind, c in result["classes"].items())
    print(f"mixed, {label} ({args.mixed_cache} cache): {result['requests_per_second']:.1f} req/s "
          f"({result['ratio_to_ceiling'] or 0:.0%} of ceiling), hit ratio {result['hit_ratio'] or 0:.1%} "
          f"(ideal {result['ideal_hit_ratio'] or 0:.1%}), {classes}", flush=True)
    return result


def warm_and_drive(port, path, args, warmup=None, headers=None):
    """Warm the path up, then measure it for args.seconds (both bounded by args.max_requests)."""
    # A browser's user agent: the view counter (readership) leaves known bots and clients without one uncounted.
    options = {"max_requests": args.max_requests, "concurrency": args.concurrency,
               "headers": {**PROXY_HEADERS, "User-Agent": BROWSER_USER_AGENT, **(headers or {})}}
    warm = drive("127.0.0.1", port, path, seconds=min(args.warmup, warmup or args.warmup), **options)
    load = drive("127.0.0.1", port, path, seconds=args.seconds, **options)
    load.warmup_requests = warm.requests
    return load


def load_problem(load):
    bad = {status: n for status, n in load.statuses.items() if status != "200"}
    return f"statuses {bad}, {load.errors} connection errors" if bad or load.errors else ""


if __name__ == "__main__":
    main()
