"""Venues, papers, their authors and keywords."""

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify


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


class VenueQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate paper_count and summary_count (public summaries only)."""
        papers = Paper.objects.filter(venue=models.OuterRef("pk")).order_by().values("venue")
        summaries = (
            Paper.objects.filter(venue=models.OuterRef("pk"), summaries__isnull=False)
            .filter(visible_summaries_q("summaries__"))
            .order_by()
            .values("venue")
        )
        return self.annotate(
            paper_count=Coalesce(models.Subquery(papers.annotate(n=Count("pk")).values("n")), 0),
            summary_count=Coalesce(models.Subquery(summaries.annotate(n=Count("summaries")).values("n")), 0),
        )


class Venue(models.Model):
    short_name = models.CharField(max_length=40, unique=True, help_text="As people cite it, e.g. NIPS or ICML.")
    slug = models.SlugField(max_length=40, unique=True, help_text="Used in URLs: /venues/<slug>/.")
    description = models.TextField(blank=True, help_text="Shown at the top of the venue page.")

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("venue_detail", args=[self.slug])

    def venue_year_histogram(self):
        """[(year, number of papers)] in year order, from one aggregate query."""
        rows = self.papers.order_by().values("year").annotate(n=Count("pk")).order_by("year")
        return [(row["year"], row["n"]) for row in rows]


class Author(models.Model):
    name = models.CharField(max_length=200, db_index=True, help_text='Display name, "First Last".')
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("author_detail", args=[self.slug])


class Keyword(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. cs.LG or dblp.")
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Keyword, self.name, exclude_pk=self.pk, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("keyword_detail", args=[self.slug])


class PaperQuerySet(models.QuerySet):
    def with_byline(self):
        """Load the venue, the ordered authors and the keywords with the papers (three queries in all)."""
        return self.select_related("venue").prefetch_related(
            models.Prefetch("authorships", queryset=Authorship.objects.select_related("author")),
            "keywords",
        )

    def with_listing_data(self):
        """What a list of papers shows: the byline and the number of public summaries."""
        return self.with_byline().annotate(
            summary_count=Count("summaries", filter=visible_summaries_q("summaries__"))
        )

    def for_venue_year(self, venue, year):
        return self.filter(venue=venue, year=year)


def visible_summaries_q(prefix=""):
    """Public summaries: neither private nor hidden by a moderator. `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}is_private": False, f"{prefix}is_hidden": False})


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
    doi = models.CharField(max_length=200, blank=True)
    authors = models.ManyToManyField(Author, through="Authorship", related_name="papers")
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="papers")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["venue", "year", "title"], name="paper_venue_year_title"),
            models.Index(fields=["year"], name="paper_year"),
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("paper_detail", args=[self.pk, self.slug])

    @property
    def ordered_authors(self):
        """Authors in byline order; uses the prefetched authorships when present."""
        return [a.author for a in sorted(self.authorships.all(), key=lambda a: a.position)]

    @property
    def source_line(self):
        """As ShortScience shows it: "arXiv e-Print archive - 2018 via arXiv"."""
        return f"{self.source or 'Unknown source'} - {self.year} via {self.get_provenance_display()}"

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
