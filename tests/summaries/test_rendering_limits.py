"""Hostile structure: input that would make Python-Markdown recurse or scan quadratically renders as text.

Python-Markdown recursed once per nesting level (3,000 "- " overflowed the stack: a 500 on save) and
re-formatted a paragraph after every inline match (100 KB of "[" took 28 s). These cases render quickly now;
their speed is watched by `make bench-render`, these tests pin the behaviour.
"""

import pytest

from summaries.rendering import render_summary
from tests.summaries.html_tree import parse_html as parse


def nesting(html):
    return html.count("<ul>") + html.count("<ol>") + html.count("<blockquote>")


@pytest.mark.parametrize("marker", ["- ", "* ", "> ", "1. ", "- > "])
def test_blocks_nest_at_most_16_deep(marker):
    html = render_summary(marker * 40 + "deep")
    assert "deep" in html
    assert 16 <= nesting(html) <= 17


@pytest.mark.parametrize("marker", ["- ", "* ", "> ", "1. ", "- > "])
def test_thousands_of_nested_blocks_are_text_not_a_crash(marker):
    html = render_summary("Before.\n\n" + marker * 3000 + "deep")
    assert "<p>Before.</p>" in html and "deep" in html
    assert nesting(html) <= 17


def test_deep_indentation_is_capped():
    text = "\n".join(" " * 4 * depth + "- level" for depth in range(400))
    html = render_summary(text)
    assert html.count("<ul>") <= 17 and html.count("level") == 400


@pytest.mark.parametrize("chunk", ["[", "\\[", "<a ", "<", "![a](b", "&#", "*a* ", "`a` ", "[x][y] "])
def test_a_paragraph_of_pathological_markup_is_shown_as_text(chunk):
    paragraph = chunk * (100_000 // len(chunk))
    html = render_summary(f"Intro with *emphasis*.\n\n{paragraph}\n\nOutro with a [link](https://example.org).")
    tree = parse(html)
    assert "<em>emphasis</em>" in html
    assert '<a href="https://example.org"' in html
    assert not tree.find_all("script") and not tree.find_all("img")
    # The hostile paragraph is there, as text.
    assert chunk.strip()[:1] in tree.text


def test_ordinary_summaries_keep_their_markup():
    items = [f"- item *{i}* with [a link](https://example.org/{i}) and $x_{i}$" for i in range(300)]
    text = "Lists:\n\n" + "\n".join(items)
    html = render_summary(text)
    assert html.count("<li>") == 300 and html.count("<em>") == 300 and html.count("<math") == 300
