"""What a ShortScience venue page holds, as plain dataclasses, and the error that names the line that does not fit."""

from dataclasses import dataclass, field
from datetime import date

__all__ = ["ParsedPaper", "VenuePage", "VenuePageError"]


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
