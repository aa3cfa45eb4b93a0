"""Signals for writes that bypass model signals (bulk_create), so other apps can follow them."""

from django.dispatch import Signal

# Sent by papers.services.paper_set_authors after it rewrites a paper's byline with bulk_create.
# Arguments: paper, using.
byline_changed = Signal()
