"""Hostile summaries render to inert HTML: only allowlisted elements, attributes and URL schemes survive."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.rendering import render_summary
from summaries.rendering.sanitize import sanitize
from tests.summaries.hostile_inputs import HOSTILE_CASES
from tests.summaries.html_tree import parse_html

HTML_ELEMENTS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "b", "i", "del", "s", "sup", "sub", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
MATHML_ELEMENTS = {
    "math", "semantics", "annotation", "merror", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mstyle",
    "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mfrac",
    "msqrt", "mroot", "mtable", "mtr", "mtd",
}  # fmt: skip
ALLOWED_ELEMENTS = HTML_ELEMENTS | MATHML_ELEMENTS
FORBIDDEN_ELEMENTS = {
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "meta", "base", "link", "svg",
    "frame", "frameset", "applet", "template", "annotation-xml", "maction",
}  # fmt: skip
MATHML_PRESENTATION = {
    "mathvariant", "stretchy", "fence", "form", "movablelimits", "largeop", "lspace", "rspace", "minsize",
    "maxsize", "separator", "accent", "accentunder", "symmetric", "width", "height", "depth", "voffset",
    "linebreak", "displaystyle", "scriptlevel", "mathsize", "mathcolor", "linethickness",
    "rowspacing", "columnspacing", "columnalign", "rowlines", "columnlines", "notation",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "math": {"xmlns", "display"},
    "annotation": {"encoding"},
    **{tag: MATHML_PRESENTATION for tag in MATHML_ELEMENTS - {"math", "annotation", "semantics"}},
}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background",
                  "srcset"}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
# Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and spaces around it.
URL_IGNORED_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value``, or None if the URL is relative.

    ``value`` comes from HTMLParser, which decodes entities once, as a browser does (decoding twice would take
    the harmless relative URL ``javascript&amp;#58;x`` for a ``javascript:`` one).
    """
    url = URL_IGNORED_CHARACTERS.sub("", value).lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return m.group(1) if m else None


def violations(rendered: str) -> list[str]:
    found = []
    for node in parse_html(rendered).iter():
        if node.tag == "#root":
            continue
        if node.tag in FORBIDDEN_ELEMENTS:
            found.append(f"forbidden element <{node.tag}>")
        if node.tag not in ALLOWED_ELEMENTS:
            found.append(f"element outside the allowlist <{node.tag}>")
        for name, value in node.raw_attrs:
            if name.startswith("on"):
                found.append(f"event handler {name} on <{node.tag}>")
            if name == "style":
                found.append(f"style attribute on <{node.tag}>")
            if name not in ALLOWED_ATTRIBUTES.get(node.tag, set()):
                found.append(f"attribute {name} not allowed on <{node.tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"{name}={value!r} with scheme {scheme}: on <{node.tag}>")
            if name == "class" and value not in ("math-error",) and not (value or "").startswith("language-"):
                found.append(f"class {value!r} on <{node.tag}>")
    return found


@pytest.mark.parametrize(("source",), [(source,) for _, source in HOSTILE_CASES],
                         ids=[case_id for case_id, _ in HOSTILE_CASES])  # fmt: skip
def test_hostile_input_renders_inert(source):
    rendered = render_summary(source)

    assert isinstance(rendered, str)
    assert violations(rendered) == []


def test_corpus_is_large_and_ids_are_unique():
    ids = [case_id for case_id, _ in HOSTILE_CASES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("raw_html", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "event handler onerror"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "scheme javascript"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "scheme javascript"),
        ("<p style='color:red'>x</p>", "style attribute"),
        ("<svg><a xlink:href='data:text/html,x'>x</a></svg>", "forbidden element <svg>"),
        ("<math><mi class='x'>x</mi></math>", "class 'x'"),
        ("<iframe></iframe>", "forbidden element <iframe>"),
        ("<img src=x.png loading=lazy data-x=1>", "attribute data-x not allowed"),
    ],
)
def test_checker_catches_what_it_looks_for(raw_html, expected):
    # The corpus proves nothing if the checker passes everything: feed it unsanitized HTML.
    assert any(expected in violation for violation in violations(raw_html))


@pytest.mark.parametrize(
    ("source", "visible_text"),
    [
        ("<script>alert(1)</script>after", "after"),
        ("$\\text{<script>alert(1)</script>}$", "<script>alert(1)</script>"),
        ("`<script>alert(1)</script>`", "<script>alert(1)</script>"),
        ("&lt;script&gt;", "<script>"),
        ("[click me](javascript:alert(1))", "click me"),
    ],
)
def test_hostile_input_keeps_its_harmless_text(source, visible_text):
    # Sanitizing removes the payload, not the prose around it; escaped HTML stays readable text.
    rendered = render_summary(source)
    tree = parse_html(rendered)
    assert visible_text in tree.text


def test_javascript_link_keeps_no_href_at_all():
    tree = parse_html(render_summary("[click me](javascript:alert(1)) and [ok](https://example.org)"))
    links = tree.find_all("a")
    assert [link.attrs.get("href") for link in links] == [None, "https://example.org"]


def test_sanitize_alone_keeps_only_what_its_allowlists_name():
    raw = (
        '<p onclick="x">a</p><script>alert(1)</script><a href="java&#9;script:alert(1)">b</a>'
        '<img src="x.png" width="999999"><math display="evil"><mi mathcolor="red;x:y">x</mi></math>'
    )
    assert sanitize(raw) == (
        '<p>a</p><a rel="nofollow noopener">b</a><img src="x.png" loading="lazy"><math><mi>x</mi></math>'
    )


def test_tex_href_does_not_become_a_link():
    tree = parse_html(render_summary("$\\href{https://example.org}{x}$"))
    assert not any("href" in node.attrs for node in tree.iter())
    assert tree.find("math") is not None


def test_tex_text_with_html_is_shown_as_text_inside_the_formula():
    tree = parse_html(render_summary("$\\text{a<b}$"))
    mtext = tree.find("mtext")
    assert mtext is not None and mtext.text == "a<b"


# Markdown, TeX and HTML fragments, shuffled by hypothesis into inputs nobody would write by hand.
FRAGMENTS = [
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "`", "```", "*", "_", "[", "]", "(", ")", "!", "<", ">",
    "|", "#", "-", "1.", " ", "  ", "\n", "\n\n", "    ", "x", "a_1", "\\text{", "}", "{", "^", "&", ";",
    "&#x6A;", "&lt;", "javascript:", "JaVaScRiPt:", "data:", "https://i.imgur.com/x.png", " =600x",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href=", '"', "'", "<math>", "</math>",
    "<mtext>", "<svg>", "<style>", "onerror=", "style=", "\\href{", "\\frac", "\\arg\\max", "||", "\u2212",
    "g \u0303", "<!--", "-->", "\x00",
]  # fmt: skip


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_any_mix_of_markdown_tex_and_html_renders_inert(source):
    assert violations(render_summary(source)) == []
