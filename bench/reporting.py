"""The load benchmark's tables and bench/results.json: a row per page, a table per size, and the growth of
each page's cost from the smallest size to the largest.
"""

import json

from bench.pages import PAGES

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
    return _measured_row(label, row, queries=row["queries"], load=row["load"], ratio=row["ratio_to_ceiling"],
                         error=row.get("error"))


def format_cached_row(page, row):
    label = dict(PAGES)[page] + " (cached)"
    line = _measured_row(label, row, queries=row.get("queries_cached", "-"), load=row["cached"],
                         ratio=row["cached_ratio_to_ceiling"], error=row.get("cached_error"))
    if row.get("counting_ratio") is not None:  # counting views (readership) on, against the same pages without it
        line += (f"  counting views: {row['cached']['requests_per_second']:.0f} vs "
                 f"{row['cached_uncounted']['requests_per_second']:.0f} req/s without = {row['counting_ratio']:.1%}")
    return line


def _measured_row(label, row, *, queries, load, ratio, error):
    return (
        f"{label:<20} {row['status']:>7} {queries:>7} {row['bytes'] / 1024:>6.1f}"
        f" {load['requests_per_second']:>7.0f} {load['p50_ms']:>7.1f} {load['p95_ms']:>7.1f} {load['p99_ms']:>7.1f}"
        f" {row['ceiling']['requests_per_second']:>12.0f} {(f'{ratio:.0%}' if ratio is not None else '-'):>6}"
        + (f"  ! {error}" if error else "")
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


def write_results(path, results):
    """bench/results.json (or --output), written after each size so that a long run leaves partial results."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")

