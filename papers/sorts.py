"""The orders of lists of papers, in one place: the pages' ?sort= choices, the API's list and BibTeX export.

Each reads one page of an index (papers.models.Paper.Meta.indexes; the "recent" one is migration 0003's), whatever
the size of the catalogue: summary_count and latest_summary_at are stored on each paper.
"""

from django.db.models import F

# ?sort= values: label and ordering.
PAPER_SORTS = {
    "year": ("Newest", ["-year", "title", "pk"]),
    "title": ("Title", ["title", "pk"]),
    "summaries": ("Most summaries", ["-summary_count", "title", "pk"]),
    # Papers without a public summary go last on every database (PostgreSQL puts NULLs first in DESC).
    "recent": ("Most recent summary", [F("latest_summary_at").desc(nulls_last=True), "title", "pk"]),
    # Comments, questions and answers, counted by the discussion app.
    "discussed": ("Most discussed", ["-discussion_count", "title", "pk"]),
}
