"""A small closed-loop HTTP load generator: N processes, each with one keep-alive connection, for a bounded time.

Each client sends a request, waits for the whole response, records the latency and sends the next, until the
time is up or the request budget is spent. Processes rather than threads, so that the client's own CPU use is
spread over the cores like the server's, not serialized behind one GIL.
"""

import http.client
import multiprocessing
import statistics
import time
from dataclasses import asdict, dataclass


@dataclass
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    bytes_per_response: int
    statuses: dict

    def as_dict(self):
        return asdict(self)


def percentile(sorted_values, fraction):
    """The nearest-rank percentile of an already sorted list (0 for an empty list)."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def _client(host, port, path, headers, deadline, budget, start_at, queue):
    while time.time() < start_at:  # all clients start together
        time.sleep(0.0005)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    latencies, statuses, size, errors = [], {}, 0, 0
    while len(latencies) < budget and time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.will_close:  # gunicorn's sync workers close after each response
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append(time.perf_counter() - started)
        statuses[response.status] = statuses.get(response.status, 0) + 1
        size = len(body)
    conn.close()
    queue.put((latencies, statuses, size, errors))


def drive(host, port, path, *, seconds, max_requests, concurrency, headers=None):
    """Load `path` for at most `seconds` and `max_requests` requests from `concurrency` processes."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start_at = time.time() + 0.2
    # perf_counter is system-wide monotonic on Linux, so one deadline holds in every forked process.
    deadline = time.perf_counter() + 0.2 + seconds
    budget = max(1, max_requests // concurrency)
    workers = [
        context.Process(target=_client, args=(host, port, path, headers or {}, deadline, budget, start_at, queue))
        for _ in range(concurrency)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 120) for _ in workers]
    elapsed = time.time() - start_at
    for worker in workers:
        worker.join()
    latencies = sorted(latency for result in results for latency in result[0])
    statuses = {}
    for _, result_statuses, _, _ in results:
        for status, count in result_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    ms = [latency * 1000 for latency in latencies]
    return LoadResult(
        path=path,
        requests=len(ms),
        errors=sum(result[3] for result in results),
        seconds=round(elapsed, 3),
        requests_per_second=round(len(ms) / elapsed, 1) if elapsed > 0 else 0.0,
        p50_ms=round(statistics.median(ms), 2) if ms else 0.0,
        p95_ms=round(percentile(ms, 0.95), 2),
        p99_ms=round(percentile(ms, 0.99), 2),
        max_ms=round(ms[-1], 2) if ms else 0.0,
        bytes_per_response=max(result[2] for result in results),
        statuses={str(status): count for status, count in sorted(statuses.items())},
    )
