"""Finding the catalogue's papers that a batch of DBLP records describes: by DBLP key, DOI, arXiv id, or the same
normalized title in the same venue and year. A handful of queries per batch, whatever its size."""

from django.db.models import Q

from importers.dblp.bulk import filter_in
from papers.models import Paper
from papers.services import normalize_title

MATCH_FIELDS = ("pk", "title", "slug", "venue_id", "year", "source", "provenance", "url", "arxiv_id", "doi", "dblp_key")


class TitleIndex:
    """{(venue id, year): {normalized title: paper id}} of the papers without a DBLP key: the ones a DBLP record
    can meet by title. Each venue-year is read once per import (the papers an import writes all have a key), so
    it holds at most the catalogue's own papers of the selected venues, whatever the size of the file."""

    def __init__(self, using=None):
        self.papers = Paper.objects.db_manager(using)
        self.by_venue_year = {}

    def _load(self, pairs):
        missing = sorted(pair for pair in pairs if pair not in self.by_venue_year)
        for start in range(0, len(missing), 200):
            chunk = missing[start:start + 200]
            for pair in chunk:
                self.by_venue_year[pair] = {}
            condition = Q()
            for venue_id, year in chunk:
                condition |= Q(venue_id=venue_id, year=year)
            rows = self.papers.filter(condition, dblp_key=None).order_by("pk")
            for venue_id, year, title, pk in rows.values_list("venue_id", "year", "title", "pk"):
                self.by_venue_year[(venue_id, year)].setdefault(normalize_title(title), pk)

    def claim(self, records_and_venues):
        """{record key: paper id} of the records whose title meets a paper; each paper is met once."""
        self._load({(venue.pk, record.year) for record, venue in records_and_venues})
        found = {}
        for record, venue in records_and_venues:
            titles = self.by_venue_year[(venue.pk, record.year)]
            if titles and (pk := titles.pop(normalize_title(record.title), None)) is not None:
                found[record.key] = pk
        return found


def papers_match(items, *, title_index, using=None):
    """({record key: existing Paper}, {DOI: paper id}, {arXiv id: paper id}) for a batch of (record, venue).

    A paper that already has another DBLP key is another record (DBLP lists the arXiv preprint and the conference
    paper apart): it is not merged, and the identifiers it holds are not given to a second paper.
    """
    papers = Paper.objects.db_manager(using).only(*MATCH_FIELDS)
    by_key = {p.dblp_key: p for p in filter_in(papers, "dblp_key", [record.key for record, _ in items])}
    dois = {record.doi for record, _ in items if record.doi}
    arxiv_ids = {record.arxiv_id for record, _ in items if record.arxiv_id}
    # Blank excluded in the query too: it is the predicate of the partial unique indexes, which it can then use.
    doi_holders = dict(filter_in(papers.exclude(doi=""), "doi", dois).values_list("doi", "pk")) if dois else {}
    arxiv_holders = dict(
        filter_in(papers.exclude(arxiv_id=""), "arxiv_id", arxiv_ids).values_list("arxiv_id", "pk")
    ) if arxiv_ids else {}
    holders = {*doi_holders.values(), *arxiv_holders.values()}
    keys_of = dict(filter_in(papers, "pk", holders).values_list("pk", "dblp_key")) if holders else {}
    wanted, unmatched = {}, []
    taken = {paper.pk for paper in by_key.values()}
    for record, venue in items:
        if record.key in by_key:
            continue
        candidates = [doi_holders.get(record.doi), arxiv_holders.get(record.arxiv_id)]
        pk = next((pk for pk in candidates if pk and keys_of.get(pk) in (None, record.key) and pk not in taken), None)
        if pk is None:
            unmatched.append((record, venue))
        else:
            wanted[record.key] = pk
            taken.add(pk)
    for key, pk in title_index.claim(unmatched).items():
        if pk not in taken:
            wanted[key] = pk
            taken.add(pk)
    loaded = {paper.pk: paper for paper in filter_in(papers, "pk", wanted.values())} if wanted else {}
    by_key.update((key, loaded[pk]) for key, pk in wanted.items() if pk in loaded)
    return by_key, doi_holders, arxiv_holders
