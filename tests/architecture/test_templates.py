"""Template comments stay comments: Django's {# … #} ends at the end of its line, so one that spans lines is printed
on the page as text (the comment section's description was, on every paper page). Longer ones use {% comment %}."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MULTILINE_COMMENT = re.compile(r"\{#(?:(?!#\}).)*\n")


def test_no_template_comment_spans_lines():
    spanning = [
        f"{path.relative_to(ROOT)}:{text[:match.start()].count(chr(10)) + 1}"
        for path in sorted(ROOT.glob("**/templates/**/*.html")) if ".venv" not in path.parts
        for text in [path.read_text(encoding="utf-8")] for match in MULTILINE_COMMENT.finditer(text)
    ]
    assert spanning == []
