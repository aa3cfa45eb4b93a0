"""Math and raw HTML: a formula is never converted inside a raw HTML tag, whatever its attribute values hold.

A browser reads '<a title=">" href="$x$">' as one tag; Python-Markdown and the math tokenizer used to end it at the
first ">", so "$x$" became MathML spliced into the tag (href="<math xmlns=").
"""

import re

import pytest

from summaries.rendering import math_spans, render_summary
from tests.summaries.html_tree import parse_html as parse

TAG = "<a title='>' href=\"$x$\">link</a>"


def attribute_values(html):
    return [value or "" for node in parse(html).iter() for _, value in node.raw_attrs]


@pytest.mark.parametrize(
    ("source", "tag", "attribute", "value"),
    [
        (TAG, "a", "href", "$x$"),
        ("<a title=\">\" href='$x$'>link</a>", "a", "href", "$x$"),
        ("<a\ttitle = '>'\nhref=\"$x$\">link</a>", "a", "href", "$x$"),
        ("<a title='a > b' href=\"https://example.org\" title=\"$y$\">link</a>", "a", "title", "a > b"),
        ('<img alt="a > b, $\\alpha$" src="https://i.imgur.com/x.png">', "img", "alt", "a > b, $\\alpha$"),
        ("<img title='$x$ >' alt=\"$y$\" src=\"https://i.imgur.com/x.png\">", "img", "alt", "$y$"),
        ('<a href="https://example.org/$x$" title=">">link</a>', "a", "href", "https://example.org/$x$"),
        (f"- {TAG}", "a", "href", "$x$"),
        (f"> {TAG}", "a", "href", "$x$"),
        (f"# {TAG}", "a", "href", "$x$"),
        (f"*{TAG}*", "a", "href", "$x$"),
        (f"| {TAG} | b |\n|---|---|\n| 1 | 2 |", "a", "href", "$x$"),
        (f"| a | b |\n|---|---|\n| {TAG} | 2 |", "a", "href", "$x$"),
    ],
)
def test_a_formula_inside_a_raw_html_attribute_stays_its_source(source, tag, attribute, value):
    html = render_summary(source)
    assert parse(html).find(tag).attrs[attribute] == value
    assert not any("<" in value or "math" in value for value in attribute_values(html)), html


@pytest.mark.parametrize(
    "source",
    [
        '<a title="<b>" href="$x$">link</a>',  # "<" in a quoted value: text to Python-Markdown, the tokenizer and nh3
        '<a href="x"title=">$x$">link</a>',
        "<a title='>$x$",  # never closed
        "<a title='>' href=\"$x$\"",
        "<!-- $x$ --> <b title='>$y$'>",
        '<a title=">" <b> $x$ </b>',
    ],
)
def test_no_formula_is_spliced_into_an_attribute(source):
    html = render_summary(source)
    assert not any("<" in value or "math" in value for value in attribute_values(html)), html


def test_formulas_around_and_between_raw_tags_are_still_math():
    html = render_summary('$a$ <b title=">">$b$</b> <img alt="$c$" src="https://i.imgur.com/x.png"> $d$')
    tree = parse(html)
    assert [a.text for a in tree.find_all("annotation")] == ["a", "b", "d"]
    assert tree.find("b").find("math") is not None and tree.find("img").attrs["alt"] == "$c$"


def test_a_token_that_reaches_raw_html_gets_its_source_back(monkeypatch):
    # Were the tokenizer ever to read a tag differently from Python-Markdown's inline "html" pattern, the token it
    # left inside would reach the raw HTML stash: it gets its TeX back there instead of becoming MathML in the tag.
    monkeypatch.setattr(math_spans, "_HTML_OR_AUTOLINK_RE", re.compile(r"<[a-z]+>"))  # knows no attributes
    html = render_summary(TAG + " and $y$")
    assert parse(html).find("a").attrs["href"] == "$x$"
    assert html.count("<math") == 1
