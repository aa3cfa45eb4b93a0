"""sitemap.xml: an index of one sitemap per kind of page (django.contrib.sitemaps, no sites framework needed)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from papers.models import Author, Keyword, Paper, Venue


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "venue_list"]

    def location(self, item):
        return reverse(item)


class VenueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Venue.objects.order_by("pk")


class VenueYearSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(
            Paper.objects.filter(venue__isnull=False)
            .order_by("venue__slug", "year")
            .values("venue__slug", "year")
            .annotate(lastmod=Max("updated"))
        )

    def location(self, item):
        return reverse("venue_year", args=[item["venue__slug"], item["year"]])

    def lastmod(self, item):
        return item["lastmod"]


class PaperSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Paper.objects.order_by("pk").only("pk", "slug", "updated")

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        # For the index. Django's default calls lastmod() on every item: all the papers loaded (1.3 s at 100,000).
        return Paper.objects.aggregate(latest=Max("updated"))["latest"]


class AuthorSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Author.objects.order_by("pk").only("pk", "slug")


class KeywordSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Keyword.objects.order_by("pk").only("pk", "slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "venues": VenueSitemap,
    "venue-years": VenueYearSitemap,
    "papers": PaperSitemap,
    "authors": AuthorSitemap,
    "keywords": KeywordSitemap,
}
