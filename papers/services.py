"""Writes that span several models: adding papers, attaching authors and keywords to them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst

from pagecache.models import versions_changed
from papers.models import Author, Authorship, Keyword, Paper, Venue
from papers.pagekeys import paper_page_keys
from papers.signals import byline_changed


def _named_entry_get_or_create(model, name):
    """The author or keyword with this name, created when missing.

    A concurrent request may create the same name (or take the same slug) between the lookup and the save: the
    database's unique slug refuses the second row, and the lookup runs again (then finds it, or a new slug is made).
    """
    for attempt in range(3):
        entry = model.objects.filter(name=name).order_by("pk").first()
        if entry is not None:
            return entry
        entry = model(name=name)
        try:
            entry.full_clean(exclude=["slug"], validate_unique=False)
        except ValidationError as exc:  # say whose name: a paper has many
            shown = name if len(name) <= 40 else f"{name[:40]}…"
            raise ValidationError(f"{capfirst(model._meta.verbose_name)} “{shown}”: {' '.join(exc.messages)}") from exc
        try:
            with transaction.atomic():
                entry.save()
            return entry
        except IntegrityError:
            if attempt == 2:
                raise


def author_get_or_create(*, name: str) -> Author:
    """The one Author with this display name; the same person is one Author across papers."""
    return _named_entry_get_or_create(Author, name)


def keyword_get_or_create(*, name: str) -> Keyword:
    return _named_entry_get_or_create(Keyword, name)


def paper_set_authors(*, paper: Paper, names: list[str]) -> bool:
    """Make the byline exactly `names`, in order. Returns whether anything changed."""
    current = list(paper.authorships.order_by("position").values_list("author__name", flat=True))
    if current == list(names):
        return False
    paper.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(paper=paper, author=author_get_or_create(name=name), position=position)
        for position, name in enumerate(names)
    )
    paper.forget_byline()
    using = paper._state.db or "default"
    # bulk_create sends no post_save for the page cache's hooks (the deleted authorships' pre_delete covered the old
    # byline): the pages of the paper and of its new authors
    versions_changed(paper_page_keys([paper.pk], using=using), using=using)
    byline_changed.send(sender=Paper, paper=paper, using=using)
    return True


def paper_set_keywords(*, paper: Paper, names: list[str]) -> bool:
    current = set(paper.keywords.values_list("name", flat=True))
    if current == set(names):
        return False
    paper.keywords.set([keyword_get_or_create(name=name) for name in names])
    paper.forget_byline()
    return True


# Adding papers by hand, from BibTeX or from arXiv ------------------------------------------------------------------


class PaperDuplicate(Exception):
    """The paper is already in the catalogue: `paper` is the one to send the user to."""

    def __init__(self, paper: Paper):
        super().__init__(f"Already in the catalogue: {paper.title}")
        self.paper = paper


def normalize_title(title: str) -> str:
    """Lowercase letters and digits only: "Neural ODEs." and "neural  ODEs" are the same title."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in title.casefold()).split())


def normalize_doi(doi: str) -> str:
    doi = doi.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix):]
    return doi.strip().lower()


def paper_find_duplicate(*, title: str, arxiv_id: str = "", doi: str = "") -> Paper | None:
    """The catalogued paper with the same arXiv id, DOI, or normalized title, if any.

    A paper with the same title but another arXiv id or DOI is another paper ("Attention", "Deep Learning").
    """
    doi = normalize_doi(doi)
    if arxiv_id:
        paper = Paper.objects.filter(arxiv_id=arxiv_id).first()
        if paper:
            return paper
    if doi:
        paper = Paper.objects.filter(doi__iexact=doi).first()
        if paper:
            return paper
    key = normalize_title(title)
    if not key:
        return None
    # Narrow with the longest word in the database, then compare normalized titles in Python.
    longest = max(key.split(), key=len)
    candidates = Paper.objects.filter(title__icontains=longest).order_by("pk")
    for paper in candidates.only("pk", "title", "slug", "arxiv_id", "doi"):
        told_apart = (arxiv_id and paper.arxiv_id) or (doi and paper.doi)  # both have one, and they differ (above)
        if normalize_title(paper.title) == key and not told_apart:
            return paper
    return None


def author_match_name(name: str) -> str:
    """The name of an existing author spelled the same up to case and spacing, else the cleaned name."""
    name = " ".join(name.split())
    existing = Author.objects.filter(name__iexact=name).order_by("pk").values_list("name", flat=True).first()
    return existing or name


@transaction.atomic
def paper_create(
    *,
    title: str,
    authors: list[str],
    year: int,
    provenance: str = Paper.Provenance.MANUAL,
    venue: Venue | None = None,
    source: str = "",
    abstract: str = "",
    url: str = "",
    arxiv_id: str = "",
    doi: str = "",
    first_published=None,
    keywords: list[str] = (),
) -> Paper:
    """Add a paper that is not yet catalogued, matching its authors to existing ones.

    Raises PaperDuplicate (with the existing paper) when the same arXiv id, DOI or normalized title exists, and
    ValidationError when a field is invalid.
    """
    title = " ".join(title.split())
    doi = normalize_doi(doi)
    duplicate = paper_find_duplicate(title=title, arxiv_id=arxiv_id, doi=doi)
    if duplicate is not None:
        raise PaperDuplicate(duplicate)
    names = [author_match_name(name) for name in authors if name.strip()]
    if not names:
        raise ValidationError({"authors": "A paper needs at least one author."})
    paper = Paper(
        title=title, year=year, provenance=provenance, venue=venue, source=source, abstract=abstract.strip(),
        url=url, arxiv_id=arxiv_id, doi=doi, first_published=first_published,
    )
    # The unique arXiv id / DOI constraints are left to the database: a paper added by a concurrent request since
    # the duplicate check above must lead to that paper, not to full_clean's "Constraint ... is violated".
    paper.full_clean(exclude=["slug"], validate_constraints=False)
    try:
        with transaction.atomic():
            paper.save()
    except IntegrityError as exc:  # the same arXiv id or DOI was added by a concurrent request
        duplicate = paper_find_duplicate(title=title, arxiv_id=arxiv_id, doi=doi)
        if duplicate is None:
            raise
        raise PaperDuplicate(duplicate) from exc
    paper_set_authors(paper=paper, names=list(dict.fromkeys(names)))
    if keywords:
        paper_set_keywords(paper=paper, names=list(dict.fromkeys(keywords)))
    return paper
