"""Taking data out: BibTeX and the sitemap (the Atom feeds of summaries are summaries')."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from pagecache.decorators import cache_public_page
from papers import bibtex
from papers.sitemaps import SITEMAPS

urlpatterns = [
    path("papers/<int:pk>/<slug:slug>/bibtex", bibtex.paper_bibtex_view, name="paper_bibtex"),
    path("venues/<slug:slug>/<int:year>/bibtex", bibtex.venue_year_bibtex_view, name="venue_year_bibtex"),
    # Cached like the pages they list: a sitemap of 10,000 papers takes ~0.7 s to build.
    path("sitemap.xml", cache_public_page(sitemap_views.index),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", cache_public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS},
         name="sitemap_section"),
]
