"""Parse a ShortScience venue page (the site's text dump) into plain dataclasses; no database involved.

The page is: a description line, a "- YEAR COUNT" histogram, then one block per paper (title, authors,
source line, keywords, optionally the arXiv first-published date and abstract, the metadata repeated,
"[link]" and the summary flattened onto one line), and the page footer "About". The summaries lost their line
breaks in the dump; `restore_markdown_blocks` puts headings, lists, images, code and reference definitions
back on lines of their own.
"""

import re
from dataclasses import dataclass
from datetime import date

from importers.shortscience.authors import normalize_author_name
from importers.shortscience.markdown import restore_markdown_blocks
from importers.shortscience.records import ParsedPaper, VenuePage, VenuePageError
from papers.identifiers import ARXIV_REFERENCE_RE

__all__ = ["parse_venue_page"]

HISTOGRAM_LINE = re.compile(r"-\s+(\S+)\s+(\S+)")
SOURCE_LINE = re.compile(r"(?P<source>.+?)\s+-\s+(?P<year>\S+)\s+via\s+Local\s+(?P<provenance>\S.*)")
FIRST_PUBLISHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+\([^)]*\))?")
FIRST_PUBLISHED_PREFIX = "**First published:**"
ABSTRACT_PREFIX = "**Abstract:**"
KEYWORDS_PREFIX = "Keywords:"
LINK_LINE = re.compile(r"\[link\](?:\((?P<url>[^)\s]*)\))?")
FOOTER = "About"


class _Lines:
    """The page's lines (stripped, CRLF-safe) with a cursor; line numbers are 1-based."""

    def __init__(self, text: str):
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [line.strip() for line in text.split("\n")]
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        self.index = 0

    @property
    def lineno(self) -> int:
        """Number of the current line; one past the last line at the end of the file."""
        return self.index + 1

    def at_end(self) -> bool:
        return self.index >= len(self.lines)

    def skip_blank(self) -> int:
        skipped = 0
        while not self.at_end() and not self.lines[self.index]:
            self.index += 1
            skipped += 1
        return skipped

    def peek_nonblank(self) -> tuple[int, str] | None:
        """(line number, text) of the next non-blank line, without moving."""
        index = self.index
        while index < len(self.lines) and not self.lines[index]:
            index += 1
        return (index + 1, self.lines[index]) if index < len(self.lines) else None

    def take(self, expected: str) -> tuple[int, str]:
        """Skip blank lines and return the next line; `expected` names it in the end-of-file error."""
        self.skip_blank()
        if self.at_end():
            raise VenuePageError(self.lineno, f"unexpected end of file, expected {expected} (truncated?)")
        self.index += 1
        return self.index, self.lines[self.index - 1]


def _is_metadata_line(line: str) -> bool:
    return bool(
        SOURCE_LINE.fullmatch(line)
        or line.startswith((KEYWORDS_PREFIX, FIRST_PUBLISHED_PREFIX, ABSTRACT_PREFIX))
        or LINK_LINE.fullmatch(line)
    )


def parse_venue_page(text: str) -> VenuePage:
    """Parse a whole venue page; raises VenuePageError naming the first line that does not fit the format."""
    lines = _Lines(text)
    lines.skip_blank()
    if lines.at_end():
        raise VenuePageError(1, "the venue page is empty")

    description_lines = []
    while not lines.at_end() and lines.lines[lines.index] and not lines.lines[lines.index].startswith("-"):
        description_lines.append(lines.lines[lines.index])
        lines.index += 1
    description = " ".join(description_lines)

    histogram = _parse_histogram(lines)

    papers = []
    while True:
        lines.skip_blank()
        if lines.at_end():
            raise VenuePageError(
                lines.lineno,
                f"unexpected end of file, expected another paper or the page footer {FOOTER!r} (truncated?)",
            )
        if lines.lines[lines.index] == FOOTER:
            lines.index += 1
            rest = lines.peek_nonblank()
            if rest is not None:
                raise VenuePageError(rest[0], f"unexpected text after the page footer: {rest[1][:60]!r}")
            break
        papers.append(_parse_paper(lines))
    return VenuePage(description=description, histogram=histogram, papers=papers)


def _parse_histogram(lines: _Lines) -> list[tuple[int, int]]:
    lines.skip_blank()
    histogram: list[tuple[int, int]] = []
    seen: dict[int, int] = {}
    while not lines.at_end():
        lineno, line = lines.lineno, lines.lines[lines.index]
        if not line:
            following = lines.peek_nonblank()
            if following is None or not following[1].startswith("-"):
                break
            lines.skip_blank()
            continue
        if not line.startswith("-"):
            if not histogram:
                raise VenuePageError(lineno, f"expected the histogram ('- YEAR COUNT'), found {line[:60]!r}")
            # The histogram is followed by a blank line; a line glued to it is a damaged histogram line.
            raise VenuePageError(lineno, f"malformed histogram line {line[:60]!r}: expected '- YEAR COUNT'")
        match = HISTOGRAM_LINE.fullmatch(line)
        if not match:
            raise VenuePageError(lineno, f"malformed histogram line {line[:60]!r}: expected '- YEAR COUNT'")
        year_text, count_text = match.groups()
        if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
            raise VenuePageError(lineno, f"histogram year {year_text!r} is not a year")
        if not (count_text.isascii() and count_text.isdigit()):
            raise VenuePageError(lineno, f"histogram count {count_text!r} for {year_text} is not a number")
        year = int(year_text)
        if year in seen:
            raise VenuePageError(lineno, f"histogram year {year} is repeated (first on line {seen[year]})")
        seen[year] = lineno
        histogram.append((year, int(count_text)))
        lines.index += 1
    if not histogram:
        raise VenuePageError(lines.lineno, "expected the histogram ('- YEAR COUNT') after the description")
    return histogram


@dataclass
class _Metadata:
    authors_line: tuple[int, str]
    source_line: tuple[int, str]
    keywords_line: tuple[int, str]
    authors: list[str]
    source: str
    year: int
    provenance: str
    keywords: list[str]


def _parse_paper(lines: _Lines) -> ParsedPaper:
    title_no, title = lines.take("a paper title")
    if _is_metadata_line(title) or title == FOOTER:
        raise VenuePageError(title_no, f"missing paper title: found {title[:60]!r}")
    # Title, blank, authors, blank, source: a source line right after the "title" means one line is missing.
    blanks_after_title = lines.skip_blank()
    following = lines.peek_nonblank()
    if following is not None and SOURCE_LINE.fullmatch(following[1]):
        if blanks_after_title >= 2:
            raise VenuePageError(title_no + 2, "the authors line is empty")
        raise VenuePageError(title_no, "missing paper title (this line is followed by the source line)")

    metadata = _parse_metadata(lines)

    first_published = None
    abstract = ""
    following = lines.peek_nonblank()
    if following is not None and following[1].startswith(FIRST_PUBLISHED_PREFIX):
        lineno, line = lines.take("the first-published date")
        first_published = _parse_first_published(lineno, line)
        following = lines.peek_nonblank()
    if following is not None and following[1].startswith(ABSTRACT_PREFIX):
        abstract = _parse_abstract(lines)

    _parse_metadata(lines, repeating=metadata)

    lineno, line = lines.take("'[link]' and the summary")
    link = LINK_LINE.fullmatch(line)
    if not link:
        raise VenuePageError(lineno, f"expected '[link]' before the summary, found {line[:60]!r}")
    lineno, line = lines.take("the summary after '[link]'")
    if line == FOOTER or line == "[link]":
        raise VenuePageError(lineno, "missing summary after '[link]'")
    if not line.endswith("|"):
        raise VenuePageError(lineno, "the summary line does not end with ' |' (truncated, or not a summary?)")
    summary = line[:-1].rstrip()
    if not summary:
        raise VenuePageError(lineno, "empty summary")

    arxiv_id = None
    for candidate in (link.group("url") or "", metadata.source_line[1], metadata.keywords_line[1]):
        if match := ARXIV_REFERENCE_RE.search(candidate):
            arxiv_id = match.group("id")
            break

    return ParsedPaper(
        title=title,
        authors=metadata.authors,
        source=metadata.source,
        year=metadata.year,
        provenance=metadata.provenance,
        keywords=metadata.keywords,
        first_published=first_published,
        abstract=abstract,
        summary_markdown=restore_markdown_blocks(summary),
        line=title_no,
        arxiv_id=arxiv_id,
    )


def _parse_metadata(lines: _Lines, repeating: _Metadata | None = None) -> _Metadata:
    """The authors / source / keywords block; the second time round it must repeat the first exactly."""
    again = "repeated " if repeating else ""

    authors_no, authors_line = lines.take(f"the {again}authors line")
    if _is_metadata_line(authors_line):
        raise VenuePageError(authors_no, f"expected the {again}authors line, found {authors_line[:60]!r}")
    authors = []
    names: list[list[str]] = [[]]
    for word in authors_line.split():
        if word == "and":
            names.append([])
        else:
            names[-1].append(word)
    for name in names:
        try:
            authors.append(normalize_author_name(" ".join(name)))
        except ValueError as exc:
            raise VenuePageError(authors_no, f"{exc} in the authors line") from None

    source_no, source_line = lines.take(f"the {again}source line")
    match = SOURCE_LINE.fullmatch(source_line)
    if not match:
        raise VenuePageError(
            source_no,
            f"malformed source line {source_line[:80]!r}: expected 'SOURCE - YEAR via Local PROVENANCE'",
        )
    year_text = match.group("year")
    if not (year_text.isascii() and year_text.isdigit()):
        raise VenuePageError(source_no, f"the year {year_text!r} in the source line is not a number")

    keywords_no, keywords_line = lines.take(f"the {again}'Keywords:' line")
    if not keywords_line.startswith(KEYWORDS_PREFIX):
        raise VenuePageError(
            keywords_no, f"expected the {again}'Keywords: …' line, found {keywords_line[:60]!r}"
        )
    keywords = [word.strip() for word in keywords_line.removeprefix(KEYWORDS_PREFIX).split(",")]
    keywords = [word for word in keywords if word]

    metadata = _Metadata(
        authors_line=(authors_no, authors_line),
        source_line=(source_no, source_line),
        keywords_line=(keywords_no, keywords_line),
        authors=authors,
        source=match.group("source"),
        year=int(year_text),
        provenance=match.group("provenance").strip(),
        keywords=keywords,
    )
    if repeating:
        for what in ("authors", "source", "keywords"):
            first_no, first = getattr(repeating, f"{what}_line")
            lineno, line = getattr(metadata, f"{what}_line")
            if " ".join(first.split()) != " ".join(line.split()):
                raise VenuePageError(lineno, f"the repeated {what} line differs from line {first_no}")
    return metadata


def _parse_first_published(lineno: int, line: str) -> date:
    value = line.removeprefix(FIRST_PUBLISHED_PREFIX).strip()
    match = FIRST_PUBLISHED.fullmatch(value)
    if not match:
        raise VenuePageError(lineno, f"malformed first-published date {value[:40]!r}: expected YYYY/MM/DD")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise VenuePageError(lineno, f"invalid first-published date {match.group(0)[:10]!r}: {exc}") from None


def _parse_abstract(lines: _Lines) -> str:
    """The abstract is wrapped over several lines and closed by the page's "more" / "less" toggles."""
    start_no, first = lines.take("the abstract")
    parts = [first.removeprefix(ABSTRACT_PREFIX).strip()]
    while True:
        if lines.at_end() or not lines.lines[lines.index]:
            where = "the end of the file" if lines.at_end() else "a blank line"
            raise VenuePageError(
                lines.lineno, f"the abstract of line {start_no} reaches {where} without its 'more' / 'less'"
            )
        line = lines.lines[lines.index]
        lines.index += 1
        if line == "more":
            break
        parts.append(line)
    lineno, line = lines.take("'less' after 'more'")
    if line != "less":
        raise VenuePageError(lineno, f"expected 'less' after the abstract's 'more', found {line[:60]!r}")
    abstract = " ".join(part for part in parts if part)
    if not abstract:
        raise VenuePageError(start_no, "empty abstract")
    return abstract
