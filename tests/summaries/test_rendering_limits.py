"""Hostile structure: input that would make Python-Markdown recurse or scan quadratically renders as text.

Python-Markdown recursed once per nesting level (3,000 "- " overflowed the stack: a 500 on save) and
re-formatted a paragraph after every inline match (100 KB of "[" took 28 s). These cases render quickly now;
their speed is watched by `make bench-render`, these tests pin the behaviour.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize(
    "line",
    ["-", "=", "#", "# Heading", "> #", "Title line\n---", "- - -", "[r]: https://x.org", "[r]: https://x.org\n1) "],
)
def test_a_block_of_thousands_of_heading_lines_is_shown_as_text(line):
    # Python-Markdown re-read the rest of the block after each heading: 50,000 lines of "-" took 89 s.
    block = "\n".join([line] * (100_000 // (len(line) + 1)))
    html = render_summary(f"# Intro\n\nText.\n\n{block}\n\nOutro.")
    tree = parse(html)
    assert tree.find("h3").text == "Intro" and len(tree.find_all("h3")) == 1
    assert "<p>Outro.</p>" in html and line.split("\n")[0] in tree.text


def test_a_few_splitting_lines_before_a_long_paragraph_make_it_plain_text():
    # Each heading or reference definition made Python-Markdown read the rest of the block again: 1,900 reference
    # definitions before 90 KB of prose took 0.8 s.
    source = "[r]: https://x.org\n1) \n" * 1_900 + "word " * 18_000
    tree = parse(render_summary(source))
    assert not tree.find_all("ol") and tree.text.count("[r]: https://x.org") == 1_900


def test_headings_without_blank_lines_between_them_stay_headings():
    text = "\n".join(f"# Part {i}\nSome text about part {i}." for i in range(40))
    tree = parse(render_summary(text))
    assert [h.text for h in tree.find_all("h3")] == [f"Part {i}" for i in range(40)]
    setext = parse(render_summary("Title\n===\nText.\nSubtitle\n---\n"))
    assert setext.find("h3").text == "Title"


def test_tables_are_found_from_their_first_two_rows():
    html = render_summary("| a | b |\n|---|---|\n" + "".join(f"| {i} | x |\n" for i in range(300)))
    assert html.count("<tr>") == 301
    one_column = parse(render_summary("| a |\n|---|\n| 1 |\n| 2 |"))
    assert [td.text for td in one_column.find_all("td")] == ["1", "2"]
    # A one-column "table" with a row that has no pipe is not a table (as upstream decides).
    assert not parse(render_summary("| a |\n|---|\n| 1 |\nplain")).find_all("table")


# Linear work adds up too: past a budget of structures (guards) and of math (math_spans), the rest of a summary is
# shown as its text. The time of the worst cases is measured by bench/render.py; these tests pin what they render.


def test_the_benchmark_fills_the_body_limit_of_the_form():
    from bench.worst_case import BODY_LIMIT
    from summaries.forms import MAX_BODY_BYTES

    assert BODY_LIMIT == MAX_BODY_BYTES


def test_a_summary_past_its_budget_of_markup_shows_the_rest_as_text():
    html = render_summary("*a*\n\n" * 20_000)
    emphasized = html.count("<em>a</em>")
    assert 1000 < emphasized < 20_000
    # The rest is one paragraph of text, asterisks shown.
    assert html.count("<p>") == emphasized + 1
    assert "<p>*a*\n\n*a*" in html and html.endswith("*a*\n\n*a*</p>")
    assert html.count("*a*") == 20_000 - emphasized


def test_a_table_of_thousands_of_rows_keeps_its_first_rows_and_shows_the_rest_as_text():
    rows = "".join(f"| {i} | x |\n" for i in range(5_000))
    tree = parse(render_summary("| n | x |\n|---|---|\n" + rows))
    cells = [td.text for td in tree.find_all("td")]
    assert 500 < len(cells) // 2 < 5_000
    assert cells[:4] == ["0", "x", "1", "x"]
    rest = tree.find_all("p")[-1].text
    assert rest.startswith(f"| {len(cells) // 2} | x |") and rest.rstrip().endswith("| 4999 | x |")


def test_code_fences_past_the_thousandth_are_text():
    html = render_summary("```\ncode\n```\n\n" * 3_000)
    tree = parse(html)
    assert len(tree.find_all("pre")) == 1_000
    assert tree.text.count("code") == 3_000


def test_formulas_past_the_math_budget_are_shown_as_their_source():
    html = render_summary(" ".join(f"$x{i}$" for i in range(3_000)))
    rendered = html.count("<math")
    assert 300 < rendered < 3_000
    assert f"$x{rendered}$" in html and "$x2999$" in html and "$x0$" not in html


def test_a_long_summary_as_dense_as_a_real_one_renders_in_full():
    from bench.render import GENERATED_SUMMARY

    html = render_summary("\n\n".join([GENERATED_SUMMARY] * 10))  # 30 KB, 250 formulas, tables, lists, links
    assert html.count("<math") == 250 and "$" not in html.replace("$5 and $10", "")
    assert html.count("<table>") == 10 and html.count("<li>") == 60 and html.count("<h3>") == 20


class _ScanCounter:
    """Stands in for the HTML parser's start-tag pattern and adds up how far each match reads."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.read = 0

    def match(self, text, pos=0, *args):
        m = self.pattern.match(text, pos, *args)
        if m is not None:
            self.read += m.end() - pos
        return m


@pytest.mark.parametrize(
    "opening",
    ["<a b ", "<a b='\"' c=\"'\" ", "$a<b$ ", "<a b='", "x<y\n\n"],
)
def test_raw_html_blocks_are_found_reading_the_text_about_once(monkeypatch, opening):
    # The standard library's HTML parser read a tag that never closes to the end of the text, once for each: 1,900
    # of them before 40 KB of prose took 3.5 s. Python-Markdown's copy of it now reads each "<" to the next one.
    from markdown.htmlparser import htmlparser

    counter = _ScanCounter(htmlparser.locatestarttagend_tolerant)
    monkeypatch.setattr(htmlparser, "locatestarttagend_tolerant", counter)
    source = "<table><tr><td>cell</td></tr></table>\n\n" + opening * 1_000 + "word " * 8_000  # no ">" after them
    html = render_summary(source)
    assert counter.read <= 2 * len(source)
    assert parse(html).find("td").text == "cell"  # a raw HTML block is still one


def test_links_in_a_long_paragraph_are_matched_without_rereading_it(monkeypatch):
    # Python-Markdown looked for the closing "]" of every position of the paragraph again after each link, in a
    # Python loop: 50 links in a 100 KB paragraph took 1.7 s. The links are read once, over their brackets only.
    from markdown.inlinepatterns import LinkInlineProcessor

    read = []
    upstream = LinkInlineProcessor._findBracketEnds
    counting = staticmethod(lambda data: read.append(len(data)) or upstream(data))
    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", counting)
    source = "[link](https://example.org/a) ![image](https://example.org/b.png) " * 100 + "word " * 10_000
    tree = parse(render_summary(source))
    assert sum(read) <= 2 * len(source)
    assert len(tree.find_all("a")) == 100 and len(tree.find_all("img")) == 100


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet="[]a(", max_size=60))
def test_each_bracket_is_closed_where_python_markdown_closes_it(text):
    from markdown.inlinepatterns import LinkInlineProcessor

    from summaries.rendering.linear import _bracket_ends

    upstream = LinkInlineProcessor._findBracketEnds(text)
    ours = _bracket_ends(text)
    for index in (i + 1 for i, c in enumerate(text) if c == "["):
        expected = upstream[index]
        found = ours.get(len(text) - index)
        assert (None if found is None else len(text) - found) == expected


@pytest.mark.parametrize(
    ("source", "links"),
    [
        ("[a [b] c](https://x.org)", [("a [b] c", "https://x.org")]),
        ("[[a](https://x.org/1)](https://x.org/2)", [("[a](https://x.org/1)", "https://x.org/2")]),
        ("[a]] [b](https://x.org)", [("b", "https://x.org")]),
        ("[[a] [b](https://x.org) c", [("b", "https://x.org")]),
        ("*[a](https://x.org/1)* and [b](https://x.org/2)", [("a", "https://x.org/1"), ("b", "https://x.org/2")]),
        ("[a][r] and [b](https://x.org/2)\n\n[r]: https://x.org/1", [("a", "https://x.org/1"), ("b", "https://x.org/2")]),
    ],
)
def test_links_with_brackets_render_as_before(source, links):
    tree = parse(render_summary(source))
    assert [(a.text, a.attrs["href"]) for a in tree.find_all("a")] == links
