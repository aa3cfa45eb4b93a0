"""Importing a ShortScience venue page: its venue, papers, bylines, keywords and one imported summary per paper."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from importers.shortscience import ParsedPaper, VenuePage, VenuePageError
from papers.models import Paper, Venue
from papers.services import paper_set_authors, paper_set_keywords
from summaries.models import Summary

# The attribution of the summaries an import writes: how a re-import finds its own summary again.
IMPORTED_SUMMARY_ATTRIBUTION = "ShortScience.org contributor"
# Where they come from. The venue page gives no date for its summaries: they are stored without one (created is
# empty) rather than with the day of the import, and the site says "imported from shortscience.org" instead.
IMPORTED_FROM = "shortscience.org"

PROVENANCES = {choice.value.lower(): choice.value for choice in Paper.Provenance}


@dataclass
class ImportReport:
    venue: Venue
    created: list[Paper] = field(default_factory=list)
    updated: list[Paper] = field(default_factory=list)
    unchanged: list[Paper] = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.venue.short_name}: {len(self.created)} papers created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


def _find_imported_paper(venue: Venue, parsed: ParsedPaper) -> Paper | None:
    if parsed.arxiv_id:
        paper = Paper.objects.filter(arxiv_id=parsed.arxiv_id).first()
        if paper:
            return paper
    return Paper.objects.filter(venue=venue, year=parsed.year, title__iexact=parsed.title).first()


def _paper_import(*, venue: Venue, parsed: ParsedPaper) -> tuple[Paper, bool, bool]:
    """Create or update one paper and its imported summary. Returns (paper, created, changed)."""
    paper = _find_imported_paper(venue, parsed)
    created = paper is None
    values = {
        "title": parsed.title,
        "venue": venue,
        "year": parsed.year,
        "source": parsed.source,
        "provenance": PROVENANCES.get(parsed.provenance.lower(), Paper.Provenance.MANUAL),
        "abstract": parsed.abstract,
        "first_published": parsed.first_published,
        "arxiv_id": parsed.arxiv_id or "",
    }
    if created:
        paper = Paper(**values)
    changed = created or any(getattr(paper, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(paper, name, value)
        paper.full_clean(exclude=["slug"] if not paper.slug else None)
        paper.save()
    changed |= paper_set_authors(paper=paper, names=parsed.authors)
    changed |= paper_set_keywords(paper=paper, names=parsed.keywords)

    summary = paper.summaries.filter(author=None, attribution=IMPORTED_SUMMARY_ATTRIBUTION).first()
    if summary is None:
        summary = Summary(
            paper=paper, attribution=IMPORTED_SUMMARY_ATTRIBUTION, imported_from=IMPORTED_FROM, created=None,
            body=parsed.summary_markdown,
        )
        summary.full_clean()
        summary.save()
        changed = True
    elif summary.body != parsed.summary_markdown:
        summary.body = parsed.summary_markdown
        summary.full_clean()
        summary.save()
        changed = True
    return paper, created, changed


@transaction.atomic
def venue_page_import(*, page: VenuePage, venue_short_name: str, progress=None) -> ImportReport:
    """Import a parsed ShortScience venue page in one transaction; re-importing the same page changes nothing.

    `progress(done, total, paper)` is called after each paper, for commands that show progress.
    """
    venue = Venue.objects.filter(short_name__iexact=venue_short_name).first()
    if venue is None:
        venue = Venue(short_name=venue_short_name, description=page.description)
        venue.full_clean(exclude=["slug"])
        venue.save()
    elif page.description and venue.description != page.description:
        venue.description = page.description
        venue.save(update_fields=["description"])

    report = ImportReport(venue=venue)
    for done, parsed in enumerate(page.papers, start=1):
        try:
            paper, created, changed = _paper_import(venue=venue, parsed=parsed)
        except ValidationError as exc:
            # Raising rolls the whole import back: the database stays exactly as it was.
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise VenuePageError(parsed.line, f"paper {parsed.title[:60]!r} is invalid ({messages})") from exc
        (report.created if created else report.updated if changed else report.unchanged).append(paper)
        if progress:
            progress(done, len(page.papers), paper)
    return report
