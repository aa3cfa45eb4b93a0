"""The pages the load benchmark drives, and the in-process probe that picks their URLs in the generated
catalogue, counts each page's SQL queries and saves its bytes for the static-file ceiling.
"""

import json
import os
from pathlib import Path

from bench.mixed import prepare
from bench.synthetic.words import RARE_TERMS

PAGES = [
    ("home", "Home"),
    ("venue", "Venue (histogram)"),
    ("venue_year", "Venue year"),
    ("paper", "Paper, 5 summaries"),
    ("paper_discussion", "Paper + discussion"),  # 5 summaries, 20 comments, 5 questions
    ("author", "Author"),
    ("search_common", "Search, common term"),
    ("search_rare", "Search, rare term"),
    ("feed", "Feed"),
    ("api", "API list"),
]
COMMON_TERM = "learning"
# The pages whose views readership counts (paper pages only): what counting costs is measured on these.
COUNTED_PAGES = ("paper", "paper_discussion")


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
        os.environ["DJANGO_CACHE_PAGES"] = "0"  # pagecache reads it per request
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
    found["_mixed"] = session = prepare(os.environ["BENCH_MIXED_TARGETS"])
    reader = Client(raise_request_exception=False)
    reader.cookies[session["cookie"]] = session["session"]
    for page, url in urls.items():  # the logged-in pass's queries: a real session, the page cache on
        reader.get(url, secure=True)
        with CaptureQueriesContext(connection) as logged_in_queries:
            reader.get(url, secure=True)
        found[page]["queries_logged_in"] = len(logged_in_queries)
    Path(out_path).write_text(json.dumps(found, indent=2))


def choose_urls():
    """The pages to drive: the busiest venue and year, a paper with 5 summaries and no discussion and one with 20
    comments and 5 questions (bench.synthetic.discussion), the most prolific author."""
    from django.db.models import Count

    from bench.synthetic.discussion import benchmark_papers
    from papers.models import Author, Paper, Venue

    venue = Venue.objects.annotate(n=Count("papers")).order_by("-n", "pk").first()
    year = venue.papers.order_by().values("year").annotate(n=Count("pk")).order_by("-n", "-year").first()["year"]
    first = Paper.objects.order_by("pk").first()
    plain, showcase = (Paper.objects.filter(pk=pk).first() or first for pk in benchmark_papers())
    author = Author.objects.annotate(n=Count("authorships")).order_by("-n", "pk").first()
    counts = {term: Paper.objects.filter(title__icontains=term).count() for term in RARE_TERMS}
    rare = min((term for term in counts if counts[term]), key=lambda t: (counts[t], t), default=RARE_TERMS[0])
    return {
        "home": "/",
        "venue": f"/venues/{venue.slug}/",
        "venue_year": f"/venues/{venue.slug}/{year}/",
        "paper": plain.get_absolute_url(),
        "paper_discussion": showcase.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search_common": f"/search/?q={COMMON_TERM}",
        "search_rare": f"/search/?q={rare.lower()}",
        "feed": "/feeds/latest/",
        "api": "/api/papers/",
    }

