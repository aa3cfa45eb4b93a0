"""Parse a ShortScience venue page (the site's text dump) into plain dataclasses; no database involved.

The page is: a description line, a "- YEAR COUNT" histogram, then one block per paper (title, authors,
source line, keywords, optionally the arXiv first-published date and abstract, the metadata repeated,
"[link]" and the summary flattened onto one line), and the page footer "About". The summaries lost their line
breaks in the dump; `restore_markdown_blocks` puts headings, lists, images, code and reference definitions
back on lines of their own.
"""

import re
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "ParsedPaper",
    "VenuePage",
    "VenuePageError",
    "normalize_author_name",
    "parse_venue_page",
    "restore_markdown_blocks",
]


class VenuePageError(ValueError):
    """The page is not a well-formed venue page; `line` is the 1-based line where that shows."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")

    def __reduce__(self):
        return type(self), (self.line, self.message)


@dataclass(frozen=True)
class ParsedPaper:
    """One paper of the page. `summary_markdown` is the summary with its block structure restored; `line` is
    the page line of the title; `arxiv_id` (no version) only when the paper's own metadata names one."""

    title: str
    authors: list[str]
    source: str
    year: int
    provenance: str
    keywords: list[str]
    first_published: date | None
    abstract: str
    summary_markdown: str
    line: int
    arxiv_id: str | None = None


@dataclass(frozen=True)
class VenuePage:
    """The venue's description, its (year, paper count) histogram in page order, and the papers listed."""

    description: str
    histogram: list[tuple[int, int]]
    papers: list[ParsedPaper] = field(default_factory=list)

    @property
    def histogram_total(self) -> int:
        """How many papers the venue has over all years, as the histogram counts them."""
        return sum(count for _, count in self.histogram)


# ------------------------------------------------------------------------------------------------------------
# Authors

NAME_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def normalize_author_name(raw: str) -> str:
    """Display form "First Last [Suffix]" of a byline name.

    Accepts "First Last", BibTeX's "Last, First", "Last, Jr., First", "First Last, Jr." and Bibsonomy's
    mangled "IV, Frederick A. Matsen" (suffix where the last name should be). Raises ValueError otherwise.
    """
    name = " ".join(raw.split())
    if not name:
        raise ValueError("empty author name")
    parts = [part.strip() for part in name.split(",")]
    if any(not part for part in parts):
        raise ValueError(f"cannot read the author name {name!r}")
    if len(parts) == 1:
        return name
    if len(parts) == 2:
        first, second = parts
        if second in NAME_SUFFIXES:  # "Frederick A. Matsen, IV"
            return f"{first} {second}"
        if first in NAME_SUFFIXES:  # "IV, Frederick A. Matsen"
            return f"{second} {first}"
        last_words = first.split()  # "Matsen IV, Frederick A."
        if len(last_words) > 1 and last_words[-1] in NAME_SUFFIXES:
            return f"{second} {' '.join(last_words[:-1])} {last_words[-1]}"
        return f"{second} {first}"
    if len(parts) == 3 and parts[1] in NAME_SUFFIXES:  # "Matsen, IV, Frederick A."
        last, suffix, given = parts
        return f"{given} {last} {suffix}"
    raise ValueError(f"cannot read the author name {name!r}")


# ------------------------------------------------------------------------------------------------------------
# The page

HISTOGRAM_LINE = re.compile(r"-\s+(\S+)\s+(\S+)")
SOURCE_LINE = re.compile(r"(?P<source>.+?)\s+-\s+(?P<year>\S+)\s+via\s+Local\s+(?P<provenance>\S.*)")
FIRST_PUBLISHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+\([^)]*\))?")
FIRST_PUBLISHED_PREFIX = "**First published:**"
ABSTRACT_PREFIX = "**Abstract:**"
KEYWORDS_PREFIX = "Keywords:"
LINK_LINE = re.compile(r"\[link\](?:\((?P<url>[^)\s]*)\))?")
FOOTER = "About"
ARXIV_ID = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|\barXiv:\s*)(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


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
        if match := ARXIV_ID.search(candidate):
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


# ------------------------------------------------------------------------------------------------------------
# Restoring the block structure of a flattened Markdown summary
#
# Math, code spans and links are first swapped for opaque placeholders so that nothing below can change them
# (a " - " inside $…$ is a minus, a "# " inside a URL is no heading). Then "special" blocks are found with
# their extents (headings, images, code, display math, reference definitions, bold pseudo-headings); the prose
# between them is split into paragraphs at a few reliable cues and searched for lists. Prose is otherwise kept
# byte for byte: only the spaces at block boundaries become line breaks.

_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_PH_OPEN}([CDMLI])(\\d+){_PH_CLOSE}")

_CODE_SPAN = re.compile(r"`[^`\n]+`")
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$", re.DOTALL)
# Pandoc's rule: no space just inside the dollars and no digit right after the closing one ("$5 - $10").
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(?:\\.|[^$\\])+?(?<![\s\\])\$(?!\d)")
_IMAGE_OR_LINK = re.compile(r"!?\[[^\]\n]*\](?:\([^)\s]*(?:\s+[^)]*)?\)|\[[^\]\n]*\])")

_BARE_IMAGE_URL = re.compile(
    r"(?:^|(?<=\s))https?://\S+?\.(?:png|jpe?g|gif|svg|webp|bmp)(?:\?\S*)?(?=\s|$)", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+")
_ATX_HEADING = re.compile(r"(?:^|(?<=\s))(#{1,6}) (?=\S)")
_SETEXT_UNDERLINE = re.compile(r"(?<=\s)={3,}(?=\s|$)")
_REFERENCE_DEFINITION = re.compile(r"(?:^|(?<=\s))\[[^\]\s][^\]]*\]:[ \t]+\S+")
_ASSIGNMENT = r"[A-Za-z_]\w* = [^\s=]+(?: [-+*/] [^\s=]+)*"
_CODE_RUN = re.compile(rf"(?:^|(?<=\s)){_ASSIGNMENT}(?: {_ASSIGNMENT}){{2,}}(?=\s|$)")
_BOLD = re.compile(r"(?:^|(?<=\s))\*\*[^*\s][^*]*?\*\*(?=\s|$)")

# Words that stay lowercase inside a Title Case heading.
_MINOR_WORDS = frozenset(
    "a an the and or but nor for of in on at to by with from via vs vs. as into onto over per than".split()
)
_ABBREVIATIONS = frozenset("e.g. i.e. al. cf. vs. fig. figs. eq. eqs. sec. dr. mr. ms. st. approx.".split())
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z])")
# A list item does not go on with the summary's conclusion.
_LIST_END_PHRASES = ("Overall, ", "In summary, ", "In conclusion, ", "To summarize, ", "To conclude, ")
_ITEM_START = r"(?=[\"“‘(]?[A-Z]|\*\*|_|\[|" + _PH_OPEN + ")"


@dataclass
class _Block:
    kind: str  # heading, setext, image, refdef, code, display, para, list
    text: str = ""
    level: int = 0
    marker: str = ""  # list marker: "-", "*" or "1." for ordered lists
    items: list[list[str]] = field(default_factory=list)  # each item: its text, then any extra paragraphs


def restore_markdown_blocks(flat: str) -> str:
    """Best-effort Markdown line structure for a summary whose line breaks were flattened into spaces.

    Text that already has line breaks is returned unchanged.
    """
    if "\n" in flat:
        return flat
    stash: list[str] = []
    text = _protect(flat.strip(), stash)
    blocks = _merge_lists_around_images(_split_blocks(text))
    return _unprotect(_render(blocks), stash).strip()


def _protect(text: str, stash: list[str]) -> str:
    def swap(kind: str):
        def replace(match: re.Match) -> str:
            stash.append(match.group(0))
            return f"{_PH_OPEN}{kind}{len(stash) - 1}{_PH_CLOSE}"

        return replace

    text = _CODE_SPAN.sub(swap("C"), text)
    text = _DISPLAY_MATH.sub(swap("D"), text)
    text = _INLINE_MATH.sub(swap("M"), text)

    def swap_link(match: re.Match) -> str:
        return swap("I" if match.group(0).startswith("!") else "L")(match)

    return _IMAGE_OR_LINK.sub(swap_link, text)


def _unprotect(text: str, stash: list[str]) -> str:
    while _PLACEHOLDER.search(text):
        text = _PLACEHOLDER.sub(lambda m: stash[int(m.group(2))], text)
    return text


def _placeholder_kind(word: str) -> str | None:
    match = _PLACEHOLDER.fullmatch(word)
    return match.group(1) if match else None


def _is_image_word(word: str) -> bool:
    return _placeholder_kind(word) == "I" or bool(_BARE_IMAGE_URL.fullmatch(word))


def _first_letter(word: str) -> str:
    for char in word:
        if char.isalpha():
            return char
        if char not in "\"“‘'(":
            return ""
    return ""


def _is_capitalized(word: str) -> bool:
    return _first_letter(word).isupper()


def _is_lowercase(word: str) -> bool:
    return _first_letter(word).islower()


def _is_acronym(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends with a sentence (not with "e.g." or an initial like "J.")."""
    text = text[-200:].rstrip()  # only the last words matter; long prefixes are checked word by word
    if not _SENTENCE_END.search(text):
        return False
    words = text.split()
    last = words[-1].rstrip("\"”’')]")
    if last.lower() in _ABBREVIATIONS:
        return False
    # An initial ("Ian J. Goodfellow") follows a capitalized name; "the output of M." ends a sentence.
    return not (re.fullmatch(r"[A-Z]\.", last) and len(words) > 1 and _is_capitalized(words[-2]))


def _sentence_breaks(text: str) -> list[int]:
    """Positions where a new sentence starts inside `text`."""
    return [m.end() for m in _SENTENCE_BREAK.finditer(text) if _ends_sentence(text[: m.start() + 1])]


def _stops_heading(word: str) -> bool:
    return (
        word in ("-", "*", "+")
        or word.startswith(("**", "http://", "https://", "#", "==="))
        or _placeholder_kind(word) in ("I", "D")
    )


def _heading_end(text: str, start: int) -> int:
    """Where an ATX heading's text ends: before the first word that starts the following paragraph.

    Headings are Title Case ("Hierarchy of Two Policies") or sentence case ("Methods compared"); the paragraph
    starts at a capitalized word that is not part of that pattern, e.g. "The" followed by a lowercase word.
    """
    words = list(re.finditer(r"\S+", text[start:]))
    sentence_case = False
    for index, match in enumerate(words):
        word = match.group(0)
        if _stops_heading(word):
            return start + (words[index - 1].end() if index else 0)
        if index == 0:
            continue
        previous_end = start + words[index - 1].end()
        if _is_capitalized(word):
            if _ends_sentence(words[index - 1].group(0)):
                return previous_end
            if _is_acronym(word):
                continue
            if sentence_case:
                return previous_end
            # Title Case goes on if the next word that is not a lowercase "of", "the" … is capitalized too.
            following = next(
                (w for w in (m.group(0) for m in words[index + 1 :]) if w not in _MINOR_WORDS),
                None,
            )
            if following is not None and not _stops_heading(following) and not _is_capitalized(following):
                return previous_end
        elif _is_lowercase(word) and word.lower() not in _MINOR_WORDS:
            sentence_case = True
    return start + (words[-1].end() if words else 0)


def _special_spans(text: str) -> list[tuple[int, int, _Block]]:
    """Candidate blocks with their own lines, as (start, end, block); they may overlap."""
    spans = []
    for match in _ATX_HEADING.finditer(text):
        end = _heading_end(text, match.end())
        if end > match.end():
            heading = _Block("heading", text[match.end() : end], level=len(match.group(1)))
            spans.append((match.start(), end, heading))
    for match in _SETEXT_UNDERLINE.finditer(text):
        spans.append((match.start(), match.end(), _Block("setext", match.group(0))))
    for match in _BARE_IMAGE_URL.finditer(text):
        if not _is_lowercase(text[match.end() :].lstrip()[:1]):  # "… ![icon](…) below …" stays inline
            spans.append((match.start(), match.end(), _Block("image", match.group(0))))
    for match in _PLACEHOLDER.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        alone = (not before or before[-1].isspace()) and (not after or after[0].isspace())
        if match.group(1) == "I" and alone and not _is_lowercase(after.lstrip()[:1]):
            spans.append((match.start(), match.end(), _Block("image", match.group(0))))
        elif match.group(1) == "D" and alone and (not before.strip() or before.rstrip()[-1] in ":.!?"):
            # Display math after a colon or a full stop had lines of its own; inside a sentence it stays.
            spans.append((match.start(), match.end(), _Block("display", match.group(0))))
        elif match.group(1) == "M" and before.endswith(": ") and re.match(r" [A-Z][a-z]", after):
            # "… is defined as: $h(…)$ And the reward …": a formula that had a line of its own.
            spans.append((match.start(), match.end(), _Block("display", match.group(0))))
    for match in _REFERENCE_DEFINITION.finditer(text):
        spans.append((match.start(), match.end(), _Block("refdef", match.group(0))))
    for match in _CODE_RUN.finditer(text):
        code = re.sub(r" (?=[A-Za-z_]\w* = )", "\n", match.group(0))
        spans.append((match.start(), match.end(), _Block("code", code)))
    for match in _BOLD.finditer(text):
        inner = match.group(0)[2:-2]
        after = text[match.end() :].split(maxsplit=1)
        next_word = after[0] if after else ""
        if (
            len(inner.split()) <= 8
            and not re.search(r"[.,;:!?]$", inner)
            and (not next_word or _is_capitalized(next_word) or _is_image_word(next_word))
        ):
            spans.append((match.start(), match.end(), _Block("boldpara", match.group(0))))
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    position = 0
    for start, end, block in _special_spans(text):
        if start < position:
            continue
        gap = text[position:start]
        if block.kind == "setext":
            # The heading text runs from the last sentence end before the underline.
            heading = gap.rstrip()
            breaks = [b for b in _sentence_breaks(heading) if b < len(heading)]
            cut = breaks[-1] if breaks else 0
            if not heading[cut:].strip():
                continue
            block = _Block("setext", heading[cut:].strip() + "\n" + block.text)
            gap = heading[:cut]
        elif block.kind == "boldpara" and gap.strip() and not _ends_sentence(gap):
            continue  # bold words inside a sentence
        blocks.extend(_prose_blocks(gap))
        blocks.append(block)
        position = end
    blocks.extend(_prose_blocks(text[position:]))
    return blocks


def _paragraph_starts(text: str) -> list[int]:
    """Positions inside prose where the author almost certainly started a new paragraph."""
    starts = set()
    after_sentence = re.compile(r"(?<=\s)(?=\S)")
    for match in after_sentence.finditer(text):
        position = match.start()
        rest = text[position:]
        if not _ends_sentence(text[:position]):
            # "… is [RealNVP](…) Done this way, …": a link then a new sentence without a full stop.
            previous = text[:position].split()[-1] if text[:position].split() else ""
            if (_placeholder_kind(previous) == "L" or _URL.fullmatch(previous)) and re.match(
                r"[A-Z][\w’'-]* [a-z]", rest
            ):
                starts.add(position)
            continue
        if rest.startswith("Also find this summary"):  # the trailer of David Stutz's summaries
            starts.add(position)
        elif re.match(r"\[\d+\] [A-Z]", rest):  # "[1] Aritra Gosh, …" reference entries
            starts.add(position)
        elif re.match(rf"[A-Z][\w’'-]*(?: [\w’'-]+){{0,2}}: (?:[A-Z]|{_PH_OPEN}L)", rest):
            starts.add(position)  # a label paragraph: "Approach: Training samples …", "Code: [GitHub](…)"
    return sorted(starts)


def _prose_blocks(text: str) -> list[_Block]:
    text = text.strip()
    if not text:
        return []
    blocks = []
    bounds = [0, *_paragraph_starts(text), len(text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        blocks.extend(_list_blocks(text[start:end].strip()))
    return blocks


def _list_blocks(text: str) -> list[_Block]:
    """Split a paragraph into prose and lists ("- a - b", "* a * b", "1. a 2. b")."""
    blocks: list[_Block] = []
    position = 0
    while position < len(text):
        found = _find_list(text, position)
        if found is None:
            break
        start, end, block = found
        if text[position:start].strip():
            blocks.append(_Block("para", text[position:start].strip()))
        blocks.append(block)
        position = end
    if text[position:].strip():
        blocks.append(_Block("para", text[position:].strip()))
    return blocks


_LIST_MARKER = re.compile(rf"(?:^|(?<=\s))(-|\*|1\.) {_ITEM_START}")


def _find_list(text: str, position: int) -> tuple[int, int, _Block] | None:
    for match in _LIST_MARKER.finditer(text, position):
        before = text[position : match.start()].rstrip()
        at_block_start = not before
        if not at_block_start and not (before.endswith((":", ";")) or _ends_sentence(before)):
            continue
        marker = match.group(1)
        items, end = _list_items(text, match.start() + len(marker) + 1, marker)
        if len(items) >= 2 or at_block_start or marker == "*":
            block = _Block("list", marker=marker, items=[[item] for item in items])
            return match.start(), end, block
    return None


def _list_items(text: str, start: int, marker: str) -> tuple[list[str], int]:
    """The items of a list whose first item starts at `start`, and where the list ends."""
    items: list[str] = []
    simple = True  # every item so far is a single sentence: then a second sentence ends the list
    number = 1
    while True:
        if marker == "1.":
            separator = re.compile(rf" {number + 1}\. (?=[\"“‘(]?[A-Z])")
        else:
            separator = re.compile(rf" {re.escape(marker)} {_ITEM_START}")
        following = separator.search(text, start)
        item_end = following.start() if following else len(text)
        item = text[start:item_end]
        breaks = _sentence_breaks(item)
        ending = [b for b in breaks if item[b:].startswith(_LIST_END_PHRASES)]
        if ending or (breaks and items and simple):
            cut = (ending or breaks)[0]
            items.append(item[:cut].strip())
            return items, start + cut
        items.append(item.strip())
        simple = simple and not breaks
        if not following:
            return items, len(text)
        start = following.end()
        number += 1


def _merge_lists_around_images(blocks: list[_Block]) -> list[_Block]:
    """A list interrupted by an image goes on after it: the image belongs to the item before it."""
    merged: list[_Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "list" and merged:
            previous_list = next((b for b in reversed(merged) if b.kind != "image"), None)
            images = []
            for b in reversed(merged):
                if b.kind != "image":
                    break
                images.insert(0, b)
            if (
                images
                and previous_list is not None
                and previous_list.kind == "list"
                and (previous_list.marker == block.marker and block.marker != "1.")
            ):
                del merged[len(merged) - len(images) :]
                previous_list.items[-1].extend(image.text for image in images)
                previous_list.items.extend(block.items)
                index += 1
                continue
        merged.append(block)
        index += 1
    return merged


def _render(blocks: list[_Block]) -> str:
    rendered: list[str] = []
    previous_kind = ""
    for block in blocks:
        if block.kind == "heading":
            rendered.append(f"{'#' * block.level} {block.text.strip()}")
        elif block.kind == "code":
            rendered.append(f"```\n{block.text}\n```")
        elif block.kind == "list":
            loose = any(len(item) > 1 for item in block.items)
            lines = []
            for number, (first, *extra) in enumerate(block.items, start=1):
                marker = f"{number}." if block.marker == "1." else block.marker
                indent = " " * (len(marker) + 1)
                lines.append("\n\n".join([f"{marker} {first}", *(indent + paragraph for paragraph in extra)]))
            rendered.append(("\n\n" if loose else "\n").join(lines))
        elif block.kind == "refdef" and previous_kind == "refdef":
            rendered[-1] += "\n" + block.text  # definitions go one per line, in one block
        else:
            rendered.append(block.text.strip())
        previous_kind = block.kind
    return "\n\n".join(rendered)
