"""Venues, papers, their authors and keywords."""

import datetime as dt
import uuid
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.core.validators import RegexValidator
from django.db import connections, models, router, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from shortscience.db import fetchone_checking_connection

# Denormalized counts, written only by recount(): a save of an instance loaded earlier must not overwrite them.
COUNTER_FIELDS = {"paper_count", "summary_count", "latest_summary_at"}


def _keep_stored_counts(instance, save_kwargs):
    """Leave the stored counts out of the UPDATE when an existing row is saved without update_fields."""
    if instance._state.adding or save_kwargs.get("update_fields") is not None or save_kwargs.get("force_insert"):
        return
    deferred = instance.get_deferred_fields()
    save_kwargs["update_fields"] = [
        f.name for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in COUNTER_FIELDS and f.attname not in deferred
    ]


# Lists show hundreds of links per page: each URL name is reversed once with placeholders, then formatted.
URL_PLACEHOLDERS = {"slug": "slug-placeholder-7c1e", "pk": 987654321012, "year": 987654321013}


@lru_cache(maxsize=64)
def _url_format(name, keys, script_prefix, urlconf):
    """The reversed URL as a str.format() template: "/papers/{pk}/{slug}/"."""
    url = reverse(name, kwargs={key: URL_PLACEHOLDERS[key] for key in keys}, urlconf=urlconf)
    url = url.replace("{", "{{").replace("}", "}}")
    for key in keys:
        url = url.replace(str(URL_PLACEHOLDERS[key]), f"{{{key}}}", 1)
    return url


def url_format(name, *keys):
    """The URL of pattern `name` as a str.format() template of `keys`, for building many links of one kind."""
    return _url_format(name, keys, get_script_prefix(), get_urlconf())


def fast_reverse(name, **kwargs):
    """reverse(name, kwargs=kwargs) for the catalogue's list links (slugs, ids and years need no quoting)."""
    return url_format(name, *kwargs).format(**kwargs)


def unique_slug(model, text, *, exclude_pk=None, max_length=80):
    """A slug for `text` not yet used by another row of `model` ("name", "name-2", ...)."""
    # "cs.LG" -> "cs-lg", not "cslg"; slugify() transliterates nothing, so "Jürgen" becomes "jurgen" via NFKD.
    base = slugify(text.replace(".", " ").replace("_", " ")) or "item"
    if len(base) > max_length:  # cut at a word boundary, leaving room for a "-2" suffix
        base = base[: max_length - 4].rsplit("-", 1)[0] or base[: max_length - 4]
    slug, n = base, 1
    rows = model.objects.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    while rows.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def _locked(queryset):
    """The same rows, locked FOR UPDATE in primary-key order (a fixed order: two writers cannot deadlock)."""
    pks = list(queryset.order_by("pk").select_for_update().values_list("pk", flat=True))
    return queryset.model.objects.using(queryset.db).filter(pk__in=pks)


class VenueQuerySet(models.QuerySet):
    def recount(self, *, lock=True):
        """Recompute paper_count and summary_count of these venues from their papers, in one UPDATE.

        With `lock`, the venues are locked first, so that a concurrent write waits and then counts what this one
        committed (the subqueries of an UPDATE read a snapshot from before it waited for the row lock).
        """
        rows = _locked(self) if lock else self
        papers = Paper.objects.using(self.db).filter(venue=OuterRef("pk")).order_by().values("venue")
        return rows.update(
            paper_count=count_of(papers),
            summary_count=Coalesce(Subquery(papers.annotate(n=Sum("summary_count")).values("n")), 0),
        )


class Venue(models.Model):
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
            self.slug = slugify(self.short_name)
        _keep_stored_counts(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return fast_reverse("venue_detail", slug=self.slug)

    def venue_year_histogram(self):
        """[(year, number of papers)] in year order, from one aggregate query."""
        rows = self.papers.order_by().values("year").annotate(n=Count("pk")).order_by("year")
        return [(row["year"], row["n"]) for row in rows]


class NamedEntry(models.Model):
    """An author or a keyword: a name, a slug made from it on first save, and a page of its papers."""

    url_name = ""  # the URL pattern of the entry's page, which takes the slug

    class Meta:
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

    url_name = "author_detail"


class Keyword(NamedEntry):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. cs.LG or dblp.")
    slug = models.SlugField(max_length=100, unique=True)

    url_name = "keyword_detail"


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
        papers = list(super().__iter__())
        if papers:
            using, ids = self.queryset.db, [paper.pk for paper in papers]
            authors = _entries(byline_rows(ids, using), Author.url_name)
            keywords = _entries(keyword_rows(ids, using), Keyword.url_name)
            for paper in papers:
                paper.__dict__["byline"] = authors.get(paper.pk, [])
                paper.__dict__["keyword_list"] = keywords.get(paper.pk, [])
        yield from papers


LISTED_FIELDS = (
    "title", "slug", "year", "source", "provenance", "summary_count", "venue", "venue__slug", "venue__short_name"
)


class PaperQuerySet(models.QuerySet):
    def public_summary_total(self):
        """How many public summaries these papers have, from their stored counts: for all papers, a sum over 100k
        paper rows instead of a COUNT over 300k summaries (69 -> ~10 ms)."""
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

    def for_venue_year(self, venue, year):
        return self.filter(venue=venue, year=year)

    def recount(self, *, lock=True):
        """Recompute summary_count and latest_summary_at of these papers from their public summaries (one UPDATE).

        `lock` as in VenueQuerySet.recount; the whole catalogue is recounted without it (recount_catalogue).
        """
        from summaries.models import Summary

        rows = _locked(self) if lock else self
        public = Summary.objects.using(self.db).visible().filter(paper=OuterRef("pk")).order_by().values("paper")
        return rows.update(
            summary_count=count_of(public),
            latest_summary_at=Subquery(public.annotate(last=Max("created")).values("last")),
        )


def count_of(rows):
    """How many `rows` there are, as an expression for annotate() or update(): `rows` is a queryset correlated to the
    outer row by OuterRef and grouped by it (.order_by().values(<the reference>)); 0 when there are none. One
    subquery per outer row: counted only for the rows a page shows, unlike a JOIN with GROUP BY over all of them."""
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def visible_summaries_q(prefix=""):
    """Public summaries: neither private nor hidden by a moderator. `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}is_private": False, f"{prefix}is_hidden": False})


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

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["venue", "year", "title"], name="paper_venue_year_title"),
            models.Index(fields=["year"], name="paper_year"),
            # The sorts of the list pages and the API: each reads one page of the index, whatever the size.
            models.Index(F("year").desc(), "title", "id", name="paper_newest"),
            models.Index("venue", "year", F("summary_count").desc(), "title", "id", name="paper_venue_year_most"),
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
        self.__dict__.pop("byline", None)
        self.__dict__.pop("keyword_list", None)

    @property
    def source_line(self):
        """As ShortScience shows it: "arXiv e-Print archive - 2018 via arXiv"; without a source, "2018 via Added by
        hand" (not "Unknown source - 2018 …")."""
        year_and_provenance = f"{self.year} via {self.get_provenance_display()}"
        return f"{self.source} - {year_and_provenance}" if self.source else year_and_provenance

    @property
    def external_url(self):
        if self.url:
            return self.url
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return ""


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


class CatalogueVersion(models.Model):
    """One row whose token changes with every write that public pages show: the key of the page cache.

    Bumped inside the writing transaction, so a rollback undoes the bump too; a random token (not a counter) so two
    databases, or a test database rolled back between tests, never reuse a version.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(help_text="When the catalogue last changed; the pages' Last-Modified.")

    def __str__(self):
        return f"Catalogue version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def bump(cls, using=None):
        values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        manager = cls.objects.db_manager(using)
        if not manager.filter(pk=1).update(**values):
            manager.update_or_create(pk=1, defaults=values)

    @classmethod
    def current(cls):
        """(token, changed_at); ("0", None) before the first write. Every cached page reads it: plain SQL."""
        connection = connections[router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        # Usually the request's first query: it doubles as the check of a connection kept from an earlier request.
        row = fetchone_checking_connection(connection, f"SELECT token, changed_at FROM {table} WHERE id = 1")
        if row is None:
            return "0", None
        changed_at = row[1]
        if isinstance(changed_at, str):  # SQLite hands raw cursors the stored UTC text
            changed_at = parse_datetime(changed_at).replace(tzinfo=dt.UTC)
        return row[0], changed_at


def deleting_papers(origin):
    """Whether a cascade started from deleting papers (a delete signal's `origin`): what hung on them goes too."""
    return isinstance(origin, Paper) or (isinstance(origin, models.QuerySet) and origin.model is Paper)


def catalogue_counts_refresh(*, paper_ids, venue_ids=(), using=None):
    """Recount the given papers and their venues (and `venue_ids`), in the caller's transaction."""
    paper_ids = {pk for pk in paper_ids if pk is not None}
    papers = Paper.objects.db_manager(using)
    # A write outside a transaction (autocommit) gets one of its own: the row locks need it.
    with transaction.atomic(using=using):
        if paper_ids:
            papers.filter(pk__in=paper_ids).recount()
            venue_ids = {*venue_ids, *papers.filter(pk__in=paper_ids).values_list("venue_id", flat=True)}
        venue_ids = {pk for pk in venue_ids if pk is not None}
        if venue_ids:
            Venue.objects.db_manager(using).filter(pk__in=venue_ids).recount()


def catalogue_recount(*, using=None):
    """Recount every paper and venue: after bulk writes that bypass signals (the generator, raw SQL)."""
    with transaction.atomic(using=using):
        Paper.objects.db_manager(using).all().recount(lock=False)
        Venue.objects.db_manager(using).all().recount(lock=False)
        CatalogueVersion.bump(using=using)


# Signals: every write that public pages show changes the catalogue version (the page cache key), and writes on
# papers keep their venue's counts right, whichever path they take (services, admin, loaddata).


def _catalogue_changed(sender, using, **kwargs):
    CatalogueVersion.bump(using=using)


def _paper_saved(sender, instance, using, raw=False, created=False, **kwargs):
    old_venue = getattr(instance, "_loaded_venue_id", None)
    if raw or created or old_venue != instance.venue_id:
        catalogue_counts_refresh(paper_ids=(), venue_ids={old_venue, instance.venue_id}, using=using)
    instance._loaded_venue_id = instance.venue_id
    CatalogueVersion.bump(using=using)


def _paper_deleted(sender, instance, using, **kwargs):
    catalogue_counts_refresh(paper_ids=(), venue_ids={instance.venue_id}, using=using)
    CatalogueVersion.bump(using=using)


def _connect_signals():
    from papers.signals import byline_changed

    uid = "catalogue-version"
    post_save.connect(_paper_saved, sender=Paper, dispatch_uid=f"{uid}-paper-saved")
    post_delete.connect(_paper_deleted, sender=Paper, dispatch_uid=f"{uid}-paper-deleted")
    for model in (Venue, Author, Keyword, Authorship):
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-saved")
        post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-deleted")
    m2m_changed.connect(_catalogue_changed, sender=Paper.keywords.through, dispatch_uid=f"{uid}-keywords")
    byline_changed.connect(_catalogue_changed, sender=Paper, dispatch_uid=f"{uid}-byline")


_connect_signals()
