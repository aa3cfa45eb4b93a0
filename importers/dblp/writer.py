"""Writing one batch of DBLP records: new papers and their bylines in bulk, the papers the catalogue already has
updated in bulk, then the venues' counts brought up to date once for the batch. The caller runs it in the batch's
transaction, and builds the search documents of the papers it wrote and replaces the page cache's version
(importers.dblp.documents)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from importers.dblp.authors import authors_resolve
from importers.dblp.bulk import filter_in, rows_insert
from importers.dblp.matching import papers_match
from importers.dblp.slugs import slugs_allocate
from papers.counts import venues_count_added, venues_recount
from papers.models import Authorship, Paper

DBLP = Paper.Provenance.DBLP
# What a DBLP record says about a paper it imported; of a paper from elsewhere it only fills what is empty.
DBLP_FIELDS = ("title", "year", "venue_id", "source", "url", "doi", "arxiv_id", "dblp_key")
FILLED_FIELDS = ("url", "doi", "arxiv_id", "venue_id", "dblp_key")


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    paper_ids: set = field(default_factory=set)


def _identifiers(record, paper_pk, doi_holders, arxiv_holders, claimed):
    """The record's DOI and arXiv id, each left out when another paper of the catalogue or the batch holds it."""
    values = []
    for kind, value, holders in (("doi", record.doi, doi_holders), ("arxiv", record.arxiv_id, arxiv_holders)):
        holder = holders.get(value)
        if not value or (holder is not None and holder != paper_pk) or (kind, value) in claimed:
            values.append("")
        else:
            claimed.add((kind, value))
            values.append(value)
    return values


def _values(record, venue, doi, arxiv_id):
    return {
        "title": record.title, "year": record.year, "venue_id": venue.pk, "source": record.source, "url": record.url,
        "doi": doi, "arxiv_id": arxiv_id, "dblp_key": record.key,
    }


def _update(paper, values):
    """Apply the record to a paper the catalogue has; returns whether anything changed."""
    dblp_owned = paper.provenance == DBLP
    changed = False
    for name in DBLP_FIELDS if dblp_owned else FILLED_FIELDS:
        value = values[name]
        if (dblp_owned or not getattr(paper, name)) and value and getattr(paper, name) != value:
            setattr(paper, name, value)
            changed = True
    return changed


def _bylines_write(papers_and_names, author_ids, using, *, new):
    """Make each paper's byline exactly its record's authors, rewriting only the bylines that differ (`new`: papers
    just created, which have none)."""
    wanted = {pk: list(dict.fromkeys(author_ids[name] for name, _ in names)) for pk, names in papers_and_names}
    current = {}
    old = [pk for pk in wanted if pk not in new]
    rows = filter_in(Authorship.objects.using(using), "paper", old).order_by("paper_id", "position")
    for paper_id, author_id in rows.values_list("paper_id", "author_id") if old else ():
        current.setdefault(paper_id, []).append(author_id)
    stale = [pk for pk, ids in wanted.items() if current.get(pk, []) != ids]
    if stale_old := [pk for pk in stale if pk in current]:
        filter_in(Authorship.objects.using(using), "paper", stale_old).delete()
    rows_insert(Authorship, [
        {"paper_id": pk, "author_id": author_id, "position": position}
        for pk in stale for position, author_id in enumerate(wanted[pk])
    ], using=using, returning_ids=False)
    return set(stale) - new


def batch_write(items, *, title_index, statistics=None, using=None) -> BatchResult:
    """Write a batch of (record, venue); the caller holds the transaction and the checkpoint (and `statistics`, a
    PlannerStatistics, across batches), and builds the search documents of `result.paper_ids`."""
    items = list({record.key: (record, venue) for record, venue in items}.values())  # one paper per DBLP key
    existing, doi_holders, arxiv_holders = papers_match(items, title_index=title_index, using=using)
    author_ids = authors_resolve([name for record, _ in items for name in record.authors], using=using)
    result, claimed, now = BatchResult(), set(), timezone.now()
    new, changed, bylines, moved = [], [], [], set()
    for record, venue in items:
        paper = existing.get(record.key)
        doi, arxiv_id = _identifiers(record, paper and paper.pk, doi_holders, arxiv_holders, claimed)
        values = _values(record, venue, doi, arxiv_id)
        if paper is None:
            new.append((values, record))
            continue
        venue_before = paper.venue_id
        if _update(paper, values):
            paper.updated = now
            changed.append(paper)
            if paper.venue_id != venue_before:  # both venues are counted again; new papers only add to theirs
                moved |= {venue_before, paper.venue_id}
        if paper.provenance == DBLP:
            bylines.append((paper.pk, record.authors))
    new_ids = set()
    if new:
        slugs = slugs_allocate(
            Paper, [v["title"] for v, _ in new], alternatives=[r.key.rpartition("/")[2] for _, r in new], using=using
        )
        rows = [{**values, "slug": slug, "provenance": DBLP} for (values, _), slug in zip(new, slugs, strict=True)]
        ids = rows_insert(Paper, rows, using=using)
        bylines += [(pk, record.authors) for pk, (_, record) in zip(ids, new, strict=True)]
        new_ids = set(ids)
    if changed:
        Paper.objects.db_manager(using).bulk_update(changed, sorted({*DBLP_FIELDS, "updated"}))
    rewritten = _bylines_write(bylines, author_ids, using, new=new_ids) if bylines else set()
    if statistics:
        statistics.papers_written(len(new_ids))  # before the search documents' statement plans its joins
    result.created = len(new_ids)
    result.paper_ids = new_ids | {p.pk for p in changed} | rewritten
    result.updated = len(result.paper_ids) - result.created
    result.unchanged = len(items) - result.created - result.updated
    if result.paper_ids:
        venues_count_added(added=Counter(values["venue_id"] for values, _ in new), using=using)
        venues_recount(venue_ids=moved, using=using)
    return result
