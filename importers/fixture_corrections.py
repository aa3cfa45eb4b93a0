"""Hand corrections of imported summaries whose layout the flattened seed page lost.

`fixtures/corrections/<paper slug>.md` holds the full Markdown of that paper's imported summary as its author
laid it out. The correction may only change layout (line and paragraph breaks, list nesting, fences…), never
the words: `summary_words` is what must stay equal, and `apply_summary_corrections` refuses a correction
whose words differ from the imported summary's. Used by scripts/make-fixture.sh and by the fixture tests.
"""

import re
from pathlib import Path

from django.db import transaction

__all__ = [
    "CORRECTIONS_DIR",
    "SummaryCorrectionError",
    "apply_summary_corrections",
    "summary_words",
]

CORRECTIONS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "corrections"

# Tokens that are layout only: fences, quote markers, list markers, heading and setext marks.
_MARKUP_TOKEN = re.compile(r"`{3,}|~{3,}|>+|[-*+]|\d{1,9}[.)]|#{1,6}|={3,}|-{3,}")
_DISPLAY_DOLLARS = re.compile(r"(?<!\\)\$\$")


class SummaryCorrectionError(ValueError):
    """A correction file that cannot be applied; nothing is applied then."""


def summary_words(markdown_text: str) -> list[str]:
    """The summary's words in order: its whitespace-separated tokens, less the pure-markup ones.

    `$$` delimiters count as tokens of their own, so that display math may be put on lines of its own
    (`…\\right\\vert$$The` and `…\\right\\vert$$` + `The` have the same words).
    """
    spaced = _DISPLAY_DOLLARS.sub(" $$ ", markdown_text)
    return [token for token in spaced.split() if not _MARKUP_TOKEN.fullmatch(token)]


def _first_difference(old: list[str], new: list[str]) -> str:
    for index, (before, after) in enumerate(zip(old, new, strict=False)):
        if before != after:
            return f"word {index + 1}: {' '.join(old[index:index + 6])!r} became {' '.join(new[index:index + 6])!r}"
    return f"{len(old)} words became {len(new)}"


@transaction.atomic
def apply_summary_corrections(directory: Path | str = CORRECTIONS_DIR) -> list[str]:
    """Replace each corrected paper's imported summary with `<directory>/<slug>.md`; return the slugs applied.

    Goes through `Summary.save()`, so the HTML is rendered again. Raises SummaryCorrectionError (and applies
    nothing) if a file names no paper, the paper has no imported summary, or the words differ.
    """
    from importers.services import IMPORTED_SUMMARY_ATTRIBUTION
    from papers.models import Paper

    directory = Path(directory)
    if not directory.is_dir():
        raise SummaryCorrectionError(f"{directory} is not a directory of summary corrections")
    applied = []
    for path in sorted(directory.glob("*.md")):
        slug = path.stem
        paper = Paper.objects.filter(slug=slug).first()
        if paper is None:
            raise SummaryCorrectionError(f"{path}: no paper has the slug {slug!r}")
        summaries = list(paper.summaries.filter(author=None, attribution=IMPORTED_SUMMARY_ATTRIBUTION))
        if len(summaries) != 1:
            raise SummaryCorrectionError(f"{path}: the paper {slug!r} has {len(summaries)} imported summaries, not 1")
        summary = summaries[0]
        body = path.read_text(encoding="utf-8").strip()
        old_words, new_words = summary_words(summary.body), summary_words(body)
        if old_words != new_words:
            difference = _first_difference(old_words, new_words)
            raise SummaryCorrectionError(f"{path}: a correction may change the layout, not the words ({difference})")
        if body != summary.body:
            summary.body = body
            summary.full_clean()
            summary.save(update_fields=["body", "updated"])
        applied.append(slug)
    return applied
