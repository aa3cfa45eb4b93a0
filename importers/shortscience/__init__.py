"""ShortScience venue pages (the site's text dump) read into plain dataclasses; no database involved.

`parse_venue_page` reads the page (parser.py) into records (records.py), with byline names in display form
(authors.py) and each flattened summary's Markdown blocks restored (markdown.py). importers.services writes it.
"""

from importers.shortscience.authors import normalize_author_name
from importers.shortscience.markdown import restore_markdown_blocks
from importers.shortscience.parser import parse_venue_page
from importers.shortscience.records import ParsedPaper, VenuePage, VenuePageError

__all__ = [
    "ParsedPaper",
    "VenuePage",
    "VenuePageError",
    "normalize_author_name",
    "parse_venue_page",
    "restore_markdown_blocks",
]
