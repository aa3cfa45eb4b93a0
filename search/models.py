"""The search index: one denormalized document per paper, kept current by signals (search/signals.py)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from papers.models import Paper


class PaperSearchDocument(models.Model):
    """Everything search looks at for one paper, in plain text, plus (on PostgreSQL) its weighted tsvector.

    The text columns serve the SQLite search, the snippets and the trigram title index; `vector` is
    title A, authors and keywords B, abstract C, public summaries D. Never edit by hand: search.services rebuilds it.
    """

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    title = models.TextField()
    people = models.TextField(blank=True, help_text="Author names and keywords, one per line.")
    abstract = models.TextField(blank=True)
    summaries = models.TextField(blank=True, help_text="The Markdown of the paper's public summaries.")
    vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(
        null=True, editable=False, help_text="Title (A) and people (B) only: a cheap rank for very broad searches."
    )

    def __str__(self):
        return f"Search document for {self.title[:60]}"
