"""Venues, keywords, long-tailed authors and papers of the synthetic catalogue, written in batches."""

import bisect
import datetime as dt
import itertools

from bench.synthetic.bulk import SlugAllocator, batches, insert_rows, validate_sample
from bench.synthetic.text import zipf_cum_weights
from bench.synthetic.words import ARXIV_CATEGORIES, TOPICS, VENUES
from papers.identifiers import ARXIV_SOURCE
from papers.models import Author, Authorship, Keyword, Paper, Venue

FIRST_YEAR, LAST_YEAR = 1987, 2026

# How many authors a paper has (1..15): most have 2-5, a few are large collaborations.
AUTHOR_COUNT_WEIGHTS = [8, 14, 18, 17, 13, 9, 6, 4, 3, 2, 2, 1.5, 1, 1, 1]


def draw_bylines(rng, papers, authors):
    """Each paper's byline as ranks in a pool of `authors`, drawn before any author exists.

    Zipf-Mandelbrot: the offset flattens the head so the most prolific author is on ~0.5-10% of papers.
    """
    author_cum = zipf_cum_weights(authors, exponent=1.0, offset=20 + authors / 1000)
    count_cum = list(itertools.accumulate(AUTHOR_COUNT_WEIGHTS))
    return [_draw_byline(rng, authors, author_cum, count_cum) for _ in range(papers)]


def _draw_byline(rng, authors, author_cum, count_cum):
    count = min(bisect.bisect_left(count_cum, rng.random() * count_cum[-1]) + 1, authors)
    byline = []
    while len(byline) < count:
        rank = bisect.bisect_left(author_cum, rng.random() * author_cum[-1])
        if rank not in byline:
            byline.append(rank)
    return byline


def create_venues(count, progress):
    """`count` venues, the named ones first, then numbered workshops; existing ones are reused."""
    existing = {v.short_name.lower(): v for v in Venue.objects.all()}
    wanted = [*VENUES, *((f"Workshop {n}", f"Workshop number {n}.") for n in range(len(VENUES) + 1, count + 1))]
    slugs = SlugAllocator(Venue, 40)
    new = [
        Venue(short_name=name, slug=slugs.allocate(name), description=description)
        for name, description in wanted[:count]
        if name.lower() not in existing
    ]
    if new:
        validate_sample(new[0])
    Venue.objects.bulk_create(new)
    progress("venues", count, count)
    return [existing.get(name.lower()) or next(v for v in new if v.short_name == name) for name, _ in wanted[:count]]


def create_keywords(progress):
    """The arXiv categories and topics as keywords, most common first; existing ones are reused."""
    names = [*ARXIV_CATEGORIES, *TOPICS]
    existing = {k.name: k for k in Keyword.objects.filter(name__in=names)}
    slugs = SlugAllocator(Keyword, 100)
    new = [Keyword(name=name, slug=slugs.allocate(name)) for name in names if name not in existing]
    Keyword.objects.bulk_create(new)
    progress("keywords", len(names), len(names))
    by_name = {**existing, **{k.name: k for k in new}}
    return [by_name[name] for name in names]


def create_authors(text, ranks, batch_size, progress):
    """One author with a unique name per rank that a byline uses: {rank: Author}."""
    seen = set(Author.objects.values_list("name", flat=True))
    slugs = SlugAllocator(Author, 80)
    author_by_rank = {}
    done = 0
    for batch in batches(ranks, batch_size):
        rows = []
        for rank in batch:
            name = text.unique_person_name(seen)
            author = Author(name=name, slug=slugs.allocate(name))
            author_by_rank[rank] = author
            rows.append(author)
        validate_sample(rows[0])
        Author.objects.bulk_create(rows)
        done += len(rows)
        progress("authors", done, len(ranks))
    return author_by_rank


def _paper_date(rng, year):
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365 if year < LAST_YEAR else 300))


def create_papers(rng, text, count, bylines, author_by_rank, venue_rows, keyword_rows, batch_size, progress):
    """Papers with their bylines and keywords: (paper ids, publication dates, number of authorships)."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    # The field grows ~14% a year; the current year is not over yet.
    year_cum = list(itertools.accumulate(1.14 ** (y - FIRST_YEAR) * (0.85 if y == LAST_YEAR else 1) for y in years))
    venue_cum = zipf_cum_weights(len(venue_rows), exponent=1.0, offset=1.0)
    keyword_cum = zipf_cum_weights(len(keyword_rows), exponent=1.0)
    slugs = SlugAllocator(Paper, 80)
    taken_arxiv = set(Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
    arxiv_numbers = {}
    Through = Paper.keywords.through
    paper_ids, paper_dates = [], []
    authorships = done = 0
    for batch in batches(range(count), batch_size):
        rows, links, tags = [], [], []
        for index in batch:
            year = rng.choices(years, cum_weights=year_cum)[0]
            published = _paper_date(rng, year)
            title = text.title()
            arxiv_id = ""
            if year >= 2007 and rng.random() < 0.7:
                while not arxiv_id or arxiv_id in taken_arxiv:
                    yymm = f"{year % 100:02d}{published.month:02d}"
                    arxiv_numbers[yymm] = arxiv_numbers.get(yymm, 0) + 1
                    arxiv_id = f"{yymm}.{arxiv_numbers[yymm]:05d}"
                taken_arxiv.add(arxiv_id)
            venue = rng.choices(venue_rows, cum_weights=venue_cum)[0]
            stamp = dt.datetime.combine(published, dt.time(12), tzinfo=dt.UTC)
            rows.append(
                Paper(
                    title=title, slug=slugs.allocate(title), venue=venue, year=year,
                    source=ARXIV_SOURCE if arxiv_id else venue.description.rstrip("."),
                    provenance=Paper.Provenance.ARXIV if arxiv_id else Paper.Provenance.BIBTEX,
                    abstract=text.abstract(), first_published=published, arxiv_id=arxiv_id,
                    created=stamp, updated=stamp,
                )
            )
            links.append(bylines[index])
            tags.append({rng.choices(keyword_rows, cum_weights=keyword_cum)[0] for _ in range(rng.randint(1, 5))})
        validate_sample(rows[0])
        Paper.objects.bulk_create(rows)
        insert_rows(
            Authorship,
            [
                Authorship(paper_id=paper.pk, author_id=author_by_rank[rank].pk, position=position)
                for paper, byline in zip(rows, links, strict=True)
                for position, rank in enumerate(byline)
            ],
            batch_size,
        )
        insert_rows(
            Through,
            [
                Through(paper_id=paper.pk, keyword_id=keyword.pk)
                for paper, keywords in zip(rows, tags, strict=True)
                for keyword in sorted(keywords, key=lambda k: k.pk)
            ],
            batch_size,
        )
        authorships += sum(len(byline) for byline in links)
        paper_ids.extend(paper.pk for paper in rows)
        paper_dates.extend(paper.first_published for paper in rows)
        done += len(rows)
        progress("papers", done, count)
    return paper_ids, paper_dates, authorships


