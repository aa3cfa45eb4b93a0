"""Signals for writes that bypass model signals (bulk_create), so other apps can follow them."""

from django.dispatch import Signal

# Sent by papers.services.paper_set_authors after it rewrites a paper's byline with bulk_create.
# Arguments: paper, using.
byline_changed = Signal()

# Sent after papers and their bylines were written in bulk (bulk_create, bulk_update: no post_save), e.g. by the
# DBLP import, once per batch. Arguments: paper_ids, using.
papers_bulk_written = Signal()
