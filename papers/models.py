"""Venues, papers, their authors and keywords."""

from functools import cached_property
from typing import NamedTuple

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from papers.links import fast_reverse, url_format
from papers.slugs import unique_slug
from papers.sorts import PAPER_SORTS

# Denormalized counts, written only by recount(): a save of an instance loaded earlier must not overwrite them.
COUNTER_FIELDS = {"paper_count", "summary_count", "latest_summary_at", "question_count", "unanswered_count",
                  "discussion_count", "has_discussion"}


def _keep_stored_counts(instance, save_kwargs):
    """Leave the stored counts out of the UPDATE when an existing row is saved without update_fields."""
    if instance._state.adding or save_kwargs.get("update_fields") is not None or save_kwargs.get("force_insert"):
        return
    deferred = instance.get_deferred_fields()
    save_kwargs["update_fields"] = [
        f.name for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in COUNTER_FIELDS and f.attname not in deferred
    ]


def locked_in_pk_order(queryset):
    """The same rows, locked FOR UPDATE in primary-key order (a fixed order: two writers cannot deadlock)."""
    pks = list(queryset.order_by("pk").select_for_update().values_list("pk", flat=True))
    return queryset.model.objects.using(queryset.db).filter(pk__in=pks)


class VenueQuerySet(models.QuerySet):
    def recount(self, *, lock=True):
        """Recompute paper_count and summary_count of these venues from their papers, in one UPDATE.

        With `lock`, the venues are locked first, so that a concurrent write waits and then counts what this one
        committed (the subqueries of an UPDATE read a snapshot from before it waited for the row lock).
        """
        rows = locked_in_pk_order(self) if lock else self
        papers = Paper.objects.using(self.db).filter(venue=OuterRef("pk")).order_by().values("venue")
        return rows.update(
            paper_count=count_of(papers),
            summary_count=Coalesce(Subquery(papers.annotate(n=Sum("summary_count")).values("n")), 0),
        )


class RemembersLoadedSlug(models.Model):
    """Keeps the slug a row was loaded with, so that a save that changes it can record the old address (OldSlug)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")  # None when the slug was deferred
        return instance


class Venue(RemembersLoadedSlug):
    short_name = models.CharField(max_length=40, unique=True, help_text="As people cite it, e.g. NIPS or ICML.")
    slug = models.SlugField(max_length=40, unique=True, help_text="Used in URLs: /venues/<slug>/.")
    description = models.TextField(blank=True, help_text="Shown at the top of the venue page.")
    paper_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Papers at this venue; kept up to date by every write."
    )
    summary_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Public summaries of its papers; kept up to date by every write."
    )

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Venue, self.short_name, exclude_pk=self.pk, max_length=40)
        _keep_stored_counts(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("venue_detail", slug=self.slug)

    def venue_year_histogram(self):
        """[(year, number of papers)] in year order, from one aggregate query."""
        rows = self.papers.order_by().values("year").annotate(n=Count("pk")).order_by("year")
        return [(row["year"], row["n"]) for row in rows]


class NamedEntry(RemembersLoadedSlug):
    """An author or a keyword: a name, a slug made from it on first save, and a page of its papers."""

    url_name = ""  # the URL pattern of the entry's page, which takes the slug

    class Meta(RemembersLoadedSlug.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk, max_length=max_length)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse(self.url_name, slug=self.slug)


class Author(NamedEntry):
    name = models.CharField(max_length=200, db_index=True, help_text='Display name, "First Last".')
    slug = models.SlugField(max_length=80, unique=True)
    dblp_name = models.CharField("DBLP name", max_length=220, null=True, blank=True, unique=True,
                                 help_text='DBLP\'s name, with its homonym number ("Wei Wang 0001"); never shown.')

    url_name = "author_detail"


class Keyword(NamedEntry):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. cs.LG or dblp.")
    slug = models.SlugField(max_length=100, unique=True)

    url_name = "keyword_detail"


class OldSlug(models.Model):
    """An address a venue, author or keyword had before its slug changed: requests for it are redirected (301) to
    the address it has now (papers.middleware). Papers need none: their addresses carry their id."""

    class Kind(models.TextChoices):
        VENUE = "venue", "Venue"
        AUTHOR = "author", "Author"
        KEYWORD = "keyword", "Keyword"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(
        max_length=100, db_index=False, help_text="The old slug, which addresses now redirect from."
    )  # looked up with its kind: the unique constraint is the index
    target_id = models.PositiveBigIntegerField(help_text="The id of the venue, author or keyword it now leads to.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="oldslug_unique_kind_slug")]

    def __str__(self):
        return f"{self.kind} {self.slug}"

    @classmethod
    def models_by_kind(cls):
        return {cls.Kind.VENUE: Venue, cls.Kind.AUTHOR: Author, cls.Kind.KEYWORD: Keyword}

    @classmethod
    def current_slug(cls, kind, slug, *, using=None):
        """The slug that the venue, author or keyword once at `slug` has now; None if there was none or it is gone."""
        model = cls.models_by_kind()[kind]
        target = cls.objects.using(using).filter(kind=kind, slug=slug).values("target_id")
        return model.objects.using(using).filter(pk__in=target).values_list("slug", flat=True).first()


class Entry(NamedTuple):
    """An author or keyword as a list of papers shows it: no model instance (a 50-paper page names ~450)."""

    name: str
    slug: str
    url: str

    def get_absolute_url(self):
        return self.url


def _entries(rows, url_name):
    """{paper id: [Entry]} from (paper id, name, slug) rows, in the rows' order."""
    by_paper, url = {}, url_format(url_name, "slug")
    for paper_id, name, slug in rows:
        by_paper.setdefault(paper_id, []).append(Entry(name, slug, url.format(slug=slug)))
    return by_paper


def byline_rows(paper_ids, using):
    """(paper id, author name, author slug) of these papers, in byline order."""
    authorships = Authorship.objects.using(using).filter(paper_id__in=paper_ids).order_by("paper_id", "position")
    return authorships.values_list("paper_id", "author__name", "author__slug")


def keyword_rows(paper_ids, using):
    """(paper id, keyword name, keyword slug) of these papers, keywords by name."""
    links = Paper.keywords.through.objects.using(using).filter(paper_id__in=paper_ids)
    return links.order_by("paper_id", "keyword__name").values_list("paper_id", "keyword__name", "keyword__slug")


class BylineIterable(models.query.ModelIterable):
    """Papers with their byline and keyword_list filled in: two more queries for all of them, not two per paper."""

    def __iter__(self):
        if papers := list(super().__iter__()):
            using, ids = self.queryset.db, [paper.pk for paper in papers]
            authors = _entries(byline_rows(ids, using), Author.url_name)
            keywords = _entries(keyword_rows(ids, using), Keyword.url_name)
            for paper in papers:
                paper.__dict__["byline"] = authors.get(paper.pk, [])
                paper.__dict__["keyword_list"] = keywords.get(paper.pk, [])
        yield from papers


LISTED_FIELDS = (
    "title", "slug", "year", "source", "provenance", "summary_count", "question_count", "unanswered_count",
    "venue", "venue__slug", "venue__short_name",
)


class PaperQuerySet(models.QuerySet):
    def public_summary_total(self):
        """How many public summaries these papers have, from their stored counts (a sum, not a COUNT of summaries)."""
        return self.aggregate(total=Sum("summary_count"))["total"] or 0

    def with_byline(self):
        """Load the venue with the papers, and their bylines and keywords as Entry lists: three queries in all,
        whatever the number of papers (values() and values_list() return their rows as usual)."""
        clone = self.select_related("venue")
        clone._iterable_class = BylineIterable  # kept by filter(), order_by(), slicing; replaced by values()
        return clone

    def for_listing(self):
        """What a list of papers shows (includes/paper_item.html, search results): the byline, and of the paper's
        own columns only those the list prints (parsing the other timestamps and texts was a tenth of a page)."""
        return self.with_byline().only(*LISTED_FIELDS)

    def sorted_by(self, sort):
        """In one of the list orders of papers.sorts ("year", "title", "summaries", "recent")."""
        return self.order_by(*PAPER_SORTS[sort][1])

    def for_venue_year(self, venue, year):
        return self.filter(venue=venue, year=year)

    def with_summaries(self):
        return self.filter(summary_count__gt=0)

def count_of(rows):
    """How many `rows` (a queryset correlated by OuterRef, grouped by it) there are, as an expression; 0 for none.
    One subquery per outer row: counted only for the rows a page shows, unlike a JOIN with GROUP BY over all."""
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


# "10.", the registrant's digits, "/", then anything without spaces: what doi.org resolves (Crossref's advice).
doi_validator = RegexValidator(
    r"^10\.\d{4,9}(?:\.\d+)*/\S+$", "Enter a DOI such as 10.5555/3327757.3327764 (or leave it empty).", "invalid_doi"
)


class Paper(models.Model):
    class Provenance(models.TextChoices):
        ARXIV = "arXiv", "arXiv"
        BIBSONOMY = "Bibsonomy", "Bibsonomy"
        BIBTEX = "BibTeX", "BibTeX"
        MANUAL = "Manual", "Added by hand"
        DBLP = "DBLP", "DBLP"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the paper's URL after its id.")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="papers")
    year = models.PositiveSmallIntegerField()
    source = models.CharField(
        max_length=200, blank=True, help_text='Where it was published, e.g. "arXiv e-Print archive".'
    )
    provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.MANUAL,
        help_text="Where the catalogue got the metadata from.",
    )
    abstract = models.TextField(blank=True)
    first_published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True, help_text="The paper's page or PDF elsewhere.")
    arxiv_id = models.CharField(max_length=40, blank=True, help_text="e.g. 1806.07366, without version.")
    doi = models.CharField(
        "DOI", max_length=200, blank=True, validators=[doi_validator], help_text="e.g. 10.5555/3327757.3327764."
    )
    dblp_key = models.CharField("DBLP key", max_length=200, null=True, blank=True, unique=True,
                                help_text="e.g. conf/nips/VaswaniSPUJGKP17: a DBLP import updates this paper.")
    authors = models.ManyToManyField(Author, through="Authorship", related_name="papers")
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="papers")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    summary_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Public summaries of this paper; kept up to date by every write."
    )
    latest_summary_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its newest public summary was written."
    )
    # Kept current by the discussion app (as summaries keeps summary_count): papers only stores them.
    question_count = models.PositiveIntegerField(default=0, editable=False, help_text="Its public questions.")
    unanswered_count = models.PositiveIntegerField(default=0, editable=False, help_text="Those without an answer.")
    discussion_count = models.PositiveIntegerField(default=0, editable=False, help_text="Comments, questions, answers.")
    has_discussion = models.BooleanField(
        default=False, editable=False,
        help_text="Any comment on any of its summaries or any question, public or not: without, its page reads none.",
    )

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["venue", "year", "title"], name="paper_venue_year_title"),
            models.Index(fields=["year"], name="paper_year"),
            # The sorts of the list pages and the API: each reads one page of the index, whatever the size.
            models.Index(F("year").desc(), "title", "id", name="paper_newest"),
            models.Index("venue", "year", F("summary_count").desc(), "title", "id", name="paper_venue_year_most"),
            models.Index("venue", "year", F("discussion_count").desc(), "title", "id", name="paper_venue_discussed"),
            models.Index(fields=["id"], condition=Q(summary_count__gt=0), name="paper_summarized"),  # /papers/random/
            # (venue, year, latest_summary_at DESC NULLS LAST, title, id) is created by migration 0003 on PostgreSQL.
        ]
        constraints = [
            models.UniqueConstraint(fields=["arxiv_id"], condition=~Q(arxiv_id=""), name="paper_unique_arxiv_id"),
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="paper_unique_doi"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Paper, self.title, exclude_pk=self.pk)
        _keep_stored_counts(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("paper_detail", pk=self.pk, slug=self.slug)

    @property
    def venue_year_url(self):
        return fast_reverse("venue_year", slug=self.venue.slug, year=self.year) if self.venue_id else ""

    @classmethod
    def from_db(cls, db, field_names, values):
        paper = super().from_db(db, field_names, values)
        paper._loaded_venue_id = paper.__dict__.get("venue_id")  # to recount the old venue when it changes
        return paper

    @cached_property
    def byline(self):
        """The authors in byline order, as Entry tuples (filled in bulk by PaperQuerySet.with_byline)."""
        return _entries(byline_rows([self.pk], self._state.db), Author.url_name).get(self.pk, [])

    @cached_property
    def keyword_list(self):
        """The keywords by name, as Entry tuples (filled in bulk by PaperQuerySet.with_byline)."""
        return _entries(keyword_rows([self.pk], self._state.db), Keyword.url_name).get(self.pk, [])

    def forget_byline(self):
        """Drop the loaded byline and keywords after they changed: the next access reads them again."""
        self.__dict__.pop("byline", None), self.__dict__.pop("keyword_list", None)

    @property
    def source_line(self):
        """As ShortScience shows it: "arXiv e-Print archive - 2018 via arXiv"; without a source, "2018 via Added by
        hand" (not "Unknown source - 2018 …")."""
        year_and_provenance = f"{self.year} via {self.get_provenance_display()}"
        return f"{self.source} - {year_and_provenance}" if self.source else year_and_provenance

    @property
    def external_url(self):
        if self.url or not (self.arxiv_id or self.doi):
            return self.url
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else f"https://doi.org/{self.doi}"


class Authorship(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(help_text="0 for the first author.")

    class Meta:
        ordering = ["paper_id", "position"]  # by id: ordering by "paper" would join papers
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="authorship_unique_position"),
            models.UniqueConstraint(fields=["paper", "author"], name="authorship_unique_author"),
        ]

    def __str__(self):
        return f"{self.author} ({self.position + 1}) on {self.paper}"


def deleting_papers(origin):
    """Whether a cascade started from deleting papers (a delete signal's `origin`): what hung on them goes too."""
    return isinstance(origin, Paper) or (isinstance(origin, models.QuerySet) and origin.model is Paper)
