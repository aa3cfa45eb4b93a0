"""The mixed workload: readers and writers at once, as a site where people vote while others read.

For a bounded time, each client process draws every request: a paper chosen from a Zipf distribution (a few hot
papers, a long tail), then 90% anonymous reads of its page, 8% logged-in reads (a real session cookie) and 2%
writes (votes mostly, some summaries and comments, posted with a CSRF token as a browser would). It reports
requests per second, p50/p95 per request class and the anonymous hit ratio (the X-Page-Cache header), beside the
ideal hit ratio of the same requests: the share of anonymous reads of a page that an earlier anonymous read in the
run (warm-up included) had already asked for, which is what a cache that never forgets and is never invalidated
would hit. With a Zipf long tail most first visits are misses whatever the cache does; the ratio of the two says
what the invalidations and evictions cost. Also: the logged-in pass (every benchmarked page with a session cookie)
and the gunicorn workers' CPU time per request.
"""

import bisect
import http.client
import itertools
import multiprocessing
import os
import random
import secrets
import statistics
import time
from pathlib import Path

from bench.load import percentile

ANONYMOUS_SHARE, LOGGED_IN_SHARE = 0.90, 0.08  # the rest are writes
VOTE_SHARE, SUMMARY_SHARE = 0.80, 0.10  # of the writes; the rest are comments
ZIPF_EXPONENT = 1.0
BENCH_USERS = 60


def prepare(out):
    """In the size's environment (the probe): bench users with sessions, and every paper with a public summary."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from summaries.models import Summary

    users = []
    for number in range(BENCH_USERS):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-reader-{number}")
        client = Client()
        client.force_login(user)  # a real session row, as a log-in makes
        users.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    rows = Summary.objects.visible().order_by("paper_id", "pk").values_list("paper_id", "paper__slug", "pk")
    papers = {paper_id: (slug, summary_id) for paper_id, slug, summary_id in rows}
    lines = [f"{pk} {slug} {summary_id}" for pk, (slug, summary_id) in papers.items()]
    random.Random(1).shuffle(lines)  # the Zipf rank of a paper: unrelated to its id
    Path(out).write_text("\n".join(["\t".join(users), *lines]))
    return {"cookie": settings.SESSION_COOKIE_NAME, "session": users[0]}


def load_targets(path):
    users, *lines = Path(path).read_text().splitlines()
    return users.split("\t"), [tuple(line.split(" ")) for line in lines]


def zipf_cdf(n, exponent=ZIPF_EXPONENT):
    weights = list(itertools.accumulate(1 / rank**exponent for rank in range(1, n + 1)))
    return [w / weights[-1] for w in weights]


def write_request(which, rng, pk, slug, summary_id):
    """(path, form body) of a write: a vote, a new summary or a comment, as `which` (0-1) falls."""
    if which < VOTE_SHARE:
        return f"/summaries/{summary_id}/vote/", f"value={rng.choice([1, -1])}"
    if which < VOTE_SHARE + SUMMARY_SHARE:
        return f"/papers/{pk}/{slug}/summaries/new/", f"body=Bench+summary+{rng.random()}+%24x%5E2%24"
    return f"/summaries/{summary_id}/comments/new/", f"body=Bench+comment+{rng.random()}"


def _request(conn, method, path, headers, body=None):
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return time.perf_counter() - started, response


def browser_cookies(cookie, session):
    """The Cookie header of a signed-in browser, with its session and the CSRF cookie its first page set (without one
    the server mints a secret for every page and sets the cookie again), and that CSRF secret for its forms."""
    csrf = secrets.token_hex(16)
    return {"Cookie": f"{cookie}={session}; csrftoken={csrf}"}, csrf


def _mixed_client(port, base_headers, cookie, users, papers, cdf, deadline, budget, seed, queue):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    origin = {"Origin": f"https://127.0.0.1:{port}"}
    latencies = {"anonymous": [], "logged-in": [], "write": []}
    statuses, hits, errors, sent, reads = {}, 0, 0, 0, []
    while sent < budget and time.perf_counter() < deadline:
        pk, slug, summary_id = papers[bisect.bisect_left(cdf, rng.random())]
        draw, user = rng.random(), rng.choice(users)
        session, csrf = browser_cookies(cookie, user)
        if draw < ANONYMOUS_SHARE:
            kind, method, path, headers, body = "anonymous", "GET", f"/papers/{pk}/{slug}/", {}, None
            reads.append((time.perf_counter(), pk))
        elif draw < ANONYMOUS_SHARE + LOGGED_IN_SHARE:
            kind, method, path, headers, body = "logged-in", "GET", f"/papers/{pk}/{slug}/", session, None
        else:
            kind, method = "write", "POST"
            headers = {**session, **origin, "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"}
            path, body = write_request(rng.random(), rng, pk, slug, summary_id)
        sent += 1
        try:
            latency, response = _request(conn, method, path, {**base_headers, **headers}, body)
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies[kind].append(latency * 1000)
        key = f"{kind} {response.status}"
        statuses[key] = statuses.get(key, 0) + 1
        hits += kind == "anonymous" and response.getheader("X-Page-Cache") == "hit"
    conn.close()
    queue.put((latencies, statuses, hits, errors, reads))


def drive_mixed(port, targets_path, cookie, *, seconds, max_requests, concurrency, headers, seen=None, seed=0):
    """The mixed workload for `seconds` (and at most `max_requests`) from `concurrency` processes. `seen`: the papers
    read anonymously before (a warm-up's), updated with this run's."""
    users, papers = load_targets(targets_path)
    cdf = zipf_cdf(len(papers))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    deadline = started + seconds
    budget = max(1, max_requests // concurrency)
    workers = [
        context.Process(target=_mixed_client,
                        args=(port, headers, cookie, users, papers, cdf, deadline, budget, seed + number, queue))
        for number in range(concurrency)
    ]
    cpu_before = server_cpu_seconds()
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 120) for _ in workers]
    elapsed = time.perf_counter() - started
    cpu = server_cpu_seconds() - cpu_before
    for worker in workers:
        worker.join()
    by_kind, statuses = {}, {}
    for latencies, result_statuses, *_ in results:
        for kind, values in latencies.items():
            by_kind.setdefault(kind, []).extend(values)
        for key, count in result_statuses.items():
            statuses[key] = statuses.get(key, 0) + count
    total = sum(len(values) for values in by_kind.values())
    anonymous = len(by_kind["anonymous"])
    ideal = ideal_hits([read for result in results for read in result[4]], set() if seen is None else seen)
    return {
        "requests": total, "seconds": round(elapsed, 2), "requests_per_second": round(total / elapsed, 1),
        "errors": sum(result[3] for result in results), "statuses": dict(sorted(statuses.items())),
        "hit_ratio": round(sum(result[2] for result in results) / anonymous, 3) if anonymous else None,
        "ideal_hit_ratio": round(ideal / anonymous, 3) if anonymous else None,
        "cpu_ms_per_request": round(cpu * 1000 / total, 2) if total else None,
        "classes": {kind: summarize(values) for kind, values in by_kind.items()},
    }


def ideal_hits(reads, seen):
    """How many of the anonymous reads, (time, paper) from every client, ask for a paper read before: in `seen`
    (which they join) or earlier among them."""
    hits = 0
    for _, pk in sorted(reads):
        hits += pk in seen
        seen.add(pk)
    return hits


def summarize(values):
    ordered = sorted(values)
    return {"requests": len(ordered), "p50_ms": round(statistics.median(ordered), 2) if ordered else 0.0,
            "p95_ms": round(percentile(ordered, 0.95), 2), "p99_ms": round(percentile(ordered, 0.99), 2)}


# --- the server's CPU time -----------------------------------------------------------------------------------

_server_pid = None


def watch_server(pid):
    global _server_pid
    _server_pid = pid


def server_cpu_seconds():
    """User + system CPU seconds of the gunicorn master and its workers so far (/proc; 0 when not on Linux)."""
    if _server_pid is None or not Path("/proc").exists():
        return 0.0
    ticks, pending = 0, [_server_pid]
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")
