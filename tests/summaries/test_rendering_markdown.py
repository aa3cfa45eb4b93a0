"""Summary Markdown renders as its authors expect, ShortScience's image conventions included."""

import pytest

from summaries.rendering import render_summary
from tests.summaries.html_tree import Node, parse_html


def render_tree(source: str) -> Node:
    return parse_html(render_summary(source))


def list_shape(node: Node) -> list:
    """A list as nested Python lists: each item is its own text, followed by its sub-lists' shapes."""
    shape = []
    for li in node.elements:
        text = "".join(child if isinstance(child, str) else "" for child in li.children).strip()
        paragraphs = [p.text.strip() for p in li.elements if p.tag == "p"]
        item = [text or " ".join(paragraphs)]
        item.extend(list_shape(sub) for sub in li.elements if sub.tag in ("ul", "ol"))
        shape.append(item)
    return shape


def test_empty_and_blank_input_render_nothing():
    assert render_summary("") == ""
    assert render_summary("  \n\n ") == ""


def test_paragraphs():
    tree = render_tree("First paragraph\nstill first.\n\nSecond paragraph.")
    assert [p.text for p in tree.find_all("p")] == ["First paragraph\nstill first.", "Second paragraph."]


def test_atx_and_setext_headings():
    tree = render_tree("# Keypoints\n\n## Method\n\n### Details\n\nResults\n=======\n\nLimits\n------\n")
    assert [(h.tag, h.text) for h in tree.iter() if h.tag.startswith("h")] == [
        ("h3", "Keypoints"), ("h4", "Method"), ("h5", "Details"), ("h3", "Results"), ("h4", "Limits"),
    ]  # fmt: skip


def test_heading_directly_followed_by_a_list():
    tree = render_tree("# Keypoints\n- Proposes HIRO.\n- Needs no task-specific design.")
    assert tree.find("h3").text == "Keypoints"
    assert list_shape(tree.find("ul")) == [["Proposes HIRO."], ["Needs no task-specific design."]]


@pytest.mark.parametrize(
    "source",
    [
        "- a\n    - b\n        - c\n- d",  # Python-Markdown's 4 spaces
        "- a\n  - b\n    - c\n- d",  # CommonMark/GitHub's 2 spaces
    ],
    ids=["four-spaces", "two-spaces"],
)
def test_nested_lists(source):
    assert list_shape(render_tree(source).find("ul")) == [["a", [["b", [["c"]]]]], ["d"]]


def test_ordered_list_nested_in_bullets_and_start_number():
    tree = render_tree("- steps:\n   3. three\n   4. four\n- done")
    ol = tree.find("ol")
    assert ol.attrs.get("start") == "3"
    assert list_shape(ol) == [["three"], ["four"]]


def test_loose_list_item_with_continuation_paragraph():
    tree = render_tree("- a\n\n  continued\n\n- b\n\nAfter the list.")
    assert list_shape(tree.find("ul")) == [["a continued"], ["b"]]
    assert tree.elements[-1].tag == "p" and tree.elements[-1].text == "After the list."


def test_list_may_interrupt_a_paragraph():
    tree = render_tree("The paper compares:\n- gradients\n- integrated gradients")
    assert tree.find("p").text == "The paper compares:"
    assert list_shape(tree.find("ul")) == [["gradients"], ["integrated gradients"]]


def test_heading_right_after_a_list_item_ends_the_list():
    tree = render_tree("- With pre-training;\n- No HRL.\n# Closing Points\n- The method is generic.")
    assert [node.tag for node in tree.elements] == ["ul", "h3", "ul"]
    assert tree.find("h3").text == "Closing Points"


def test_a_number_starting_a_line_of_prose_is_not_a_list():
    tree = render_tree("The dataset was released in\n2019. It has 10k images.")
    assert tree.find("ol") is None


def test_bullets_then_numbers_are_two_lists():
    tree = render_tree("- a\n1. b")
    assert [node.tag for node in tree.elements] == ["ul", "ol"]


def test_emphasis_strong_strikethrough_and_line_break():
    tree = render_tree("*em* _em_ **strong** __strong__ ~~gone~~ snake_case_name\nline  \nbreak")
    assert [em.text for em in tree.find_all("em")] == ["em", "em"]
    assert [strong.text for strong in tree.find_all("strong")] == ["strong", "strong"]
    assert tree.find("del").text == "gone"
    assert "snake_case_name" in tree.text
    assert tree.find("br") is not None


def test_tilde_for_approximately_is_not_subscript():
    tree = render_tree("about ~5% here and ~10% there, and ~3h~ later")
    assert tree.find("sub") is None


def test_table_with_alignment():
    tree = render_tree("| Model | Acc. |\n|:------|-----:|\n| ResNet | 93.1 |\n| **Ours** | 94.0 |")
    assert [th.text for th in tree.find_all("th")] == ["Model", "Acc."]
    assert [th.attrs.get("align") for th in tree.find_all("th")] == ["left", "right"]
    rows = tree.find("tbody").find_all("tr")
    assert [[td.text for td in row.find_all("td")] for row in rows] == [["ResNet", "93.1"], ["Ours", "94.0"]]
    assert rows[1].find("strong") is not None


def test_escaped_bar_in_a_table_cell():
    tree = render_tree("| expr | value |\n|---|---|\n| a \\| b | 1 |")
    assert [td.text for td in tree.find("tbody").find_all("td")] == ["a | b", "1"]


def test_fenced_code_keeps_its_text_and_language():
    tree = render_tree("```python\ndef f(x):\n    return x < 1 and x_1 * 2\n```")
    code = tree.find("pre").find("code")
    assert code.attrs.get("class") == "language-python"
    assert code.text == "def f(x):\n    return x < 1 and x_1 * 2"


def test_fenced_code_inside_a_list_item():
    tree = render_tree("1. Run:\n\n    ```\n    make test\n    ```\n\n2. Read.")
    assert tree.find("li").find("pre").text.strip() == "make test"


def test_indented_code_block():
    pre = render_tree("Text\n\n    h1 = f1(x)\n    h2 = f2(h1)\n").find("pre")
    assert pre.text.strip() == "h1 = f1(x)\nh2 = f2(h1)"


def test_blockquote_and_rule():
    tree = render_tree("> quoted *text*\n\n---\n\nafter")
    assert tree.find("blockquote").find("em").text == "text"
    assert tree.find("hr") is not None


def test_inline_link_with_title():
    a = render_tree('[duvenaud on hackernews](https://news.ycombinator.com/item?id=18678078 "HN")').find("a")
    assert a.attrs["href"] == "https://news.ycombinator.com/item?id=18678078"
    assert a.attrs["title"] == "HN"
    assert a.text == "duvenaud on hackernews"


def test_reference_links_are_case_insensitive_and_definitions_hidden():
    source = (
        "attributed here to [Larget][] and [Hohna][], see [the code][sbn_ds1].\n\n"
        "[sbn_ds1]: https://github.com/morrislab/sbn/blob/master/experiments/DS1.ipynb\n"
        "[larget]: https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3676676/\n"
        "[hohna]: https://academic.oup.com/sysbio/article/61/1/1/1676649\n"
    )
    tree = render_tree(source)
    assert [(a.text, a.attrs["href"]) for a in tree.find_all("a")] == [
        ("Larget", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3676676/"),
        ("Hohna", "https://academic.oup.com/sysbio/article/61/1/1/1676649"),
        ("the code", "https://github.com/morrislab/sbn/blob/master/experiments/DS1.ipynb"),
    ]
    assert "[larget]:" not in tree.text


def test_markdown_image():
    img = render_tree("![World model](https://i.imgur.com/tgV17k4.png)").find("img")
    assert img.attrs["src"] == "https://i.imgur.com/tgV17k4.png"
    assert img.attrs["alt"] == "World model"
    assert img.attrs["loading"] == "lazy"
    assert "style" not in img.attrs


def test_bare_image_url_alone_in_a_paragraph_becomes_an_image():
    tree = render_tree("## Method\n\nhttps://i.imgur.com/zAHoWWO.png\n\nText.")
    img = tree.find("img")
    assert img is not None
    assert img.attrs["src"] == "https://i.imgur.com/zAHoWWO.png"
    assert img.attrs["loading"] == "lazy"
    assert img.parent.tag == "p" and img.parent.text.strip() == ""
    assert tree.find("a") is None


@pytest.mark.parametrize("extension", ["png", "jpg", "jpeg", "gif", "webp", "svg", "PNG"])
def test_bare_image_url_extensions(extension):
    assert render_tree(f"https://example.org/figure.{extension}").find("img") is not None


def test_bare_image_urls_on_consecutive_lines_all_become_images():
    tree = render_tree("https://i.imgur.com/iko9nCd.png\nhttps://i.imgur.com/kGx8fZv.png\n\nThey compared.")
    assert [img.attrs["src"] for img in tree.find_all("img")] == [
        "https://i.imgur.com/iko9nCd.png", "https://i.imgur.com/kGx8fZv.png",
    ]  # fmt: skip


def test_bare_image_url_in_a_sentence_stays_a_link():
    tree = render_tree("The figure https://i.imgur.com/x.png shows it.")
    assert tree.find("img") is None
    assert tree.find("a").attrs["href"] == "https://i.imgur.com/x.png"


def test_bare_url_to_a_page_is_a_link_not_an_image():
    tree = render_tree("https://worldmodels.github.io/")
    assert tree.find("img") is None
    assert tree.find("a").attrs["href"] == "https://worldmodels.github.io/"


@pytest.mark.parametrize(
    ("suffix", "width", "height"),
    [(" =600x", "600", None), (" =600x400", "600", "400"), (" =x300", None, "300")],
)
def test_image_size_suffix(suffix, width, height):
    img = render_tree(f"![](https://i.imgur.com/tgV17k4.png{suffix})").find("img")
    assert img.attrs["src"] == "https://i.imgur.com/tgV17k4.png"
    assert img.attrs.get("width") == width
    assert img.attrs.get("height") == height
    assert "style" not in img.attrs


def test_bare_urls_in_prose_become_links_with_rel():
    tree = render_tree("see https://worldmodels.github.io/ for a discussion")
    a = tree.find("a")
    assert a.attrs["href"] == "https://worldmodels.github.io/"
    assert set(a.attrs["rel"].split()) == {"nofollow", "noopener"}


@pytest.mark.parametrize(
    ("source", "href", "text"),
    [
        ("see https://x.org/a_b_c.py.", "https://x.org/a_b_c.py", "https://x.org/a_b_c.py"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)", None),
        ("(see https://x.org/page)", "https://x.org/page", None),
        ("at www.example.com/page, then", "http://www.example.com/page", "www.example.com/page"),
        ("mail a.b+c@example.org.", "mailto:a.b+c@example.org", "a.b+c@example.org"),
        ("https://x.org/*a*b", "https://x.org/*a*b", None),
    ],
)
def test_bare_url_boundaries(source, href, text):
    a = render_tree(source).find("a")
    assert a.attrs["href"] == href
    assert a.text == (text or href)


def test_bare_url_in_link_text_or_code_is_not_linked_again():
    tree = render_tree("[https://x.org](https://y.org) and `https://z.org`")
    assert [(a.attrs["href"], a.text) for a in tree.find_all("a")] == [("https://y.org", "https://x.org")]
    assert tree.find("code").text == "https://z.org"


def test_every_link_gets_rel_nofollow_noopener():
    tree = render_tree("[a](https://example.org) <https://example.com> [b](/paper/1) <a href='https://x.org'>c</a>")
    links = tree.find_all("a")
    assert len(links) == 4
    assert all(set(a.attrs["rel"].split()) == {"nofollow", "noopener"} for a in links)


def test_simple_inline_html_is_kept_and_the_rest_dropped():
    tree = render_tree("x<sup>2</sup> and H<sub>2</sub>O <span class='big'>s</span> <u>u</u>")
    assert tree.find("sup").text == "2" and tree.find("sub").text == "2"
    assert tree.find("span") is None and tree.find("u") is None
    assert "s" in tree.text


def test_seed_like_summary_structure():
    source = (
        "# Keypoints\n- Proposes **HIRO**.\n- Uses off-policy data.\n\n# Background\n"
        "This paper adopts a standard setting.\n\n## General\nhttps://i.imgur.com/zAHoWWO.png\n\n"
        "## Hierarchy of Two Policies\nThe higher-level policy $\\mu^{hi}$ outputs a goal $g_t$."
    )
    tree = render_tree(source)
    assert [node.tag for node in tree.elements] == ["h3", "ul", "h3", "p", "h4", "p", "h4", "p"]
    assert tree.elements[5].find("img") is not None
    assert len(tree.elements[7].find_all("math")) == 2


def test_the_excerpt_shows_formulas_as_their_tex_and_text_unescaped():
    from summaries.rendering import excerpt_of

    html = render_summary("## Idea\n\nObserve $x_{n+1} < y$ in R&D work:\n\n$$\\frac{a}{b}$$\n\nThen " + "more " * 50)
    excerpt = excerpt_of(html, 12)
    assert excerpt == "Idea Observe $x_{n+1} < y$ in R&D work: $\\frac{a}{b}$ Then more more…"


def test_the_excerpt_keeps_inline_markup_inside_its_words():
    from summaries.rendering import excerpt_of

    html = render_summary("# Keypoints\n- Proposes **HIRO** (a *[method](https://x.org)*).\n- Uses $L_0$.")
    assert excerpt_of(html, 20) == "Keypoints Proposes HIRO (a method). Uses $L_0$."


def test_the_plain_text_shows_an_image_as_its_alt_text():
    from summaries.rendering import plain_text

    html = render_summary("See ![the loss curve](https://x.org/a.png).\n\nhttps://x.org/b.png\n\nEnd.")
    assert plain_text(html) == "See the loss curve. End."


def test_render_with_excerpt_gives_the_html_and_the_excerpt_of_that_html():
    from summaries.rendering import render_with_excerpt

    body = "## Idea\n\nObserve $x_{n+1}$. " + "more " * 50
    body_html, excerpt = render_with_excerpt(body)
    assert body_html == render_summary(body)
    assert excerpt == "Idea Observe $x_{n+1}$. " + " ".join(["more"] * 37) + "…"
