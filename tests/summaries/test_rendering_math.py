"""TeX in summaries becomes MathML on the server, with its source kept, and prose dollars stay prose."""

import re
from pathlib import Path

import pytest

from summaries.rendering import render_summary
from tests.summaries.html_tree import Node, parse_html

SEED_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_c9ef4d147167c2f6.txt"
# Pandoc's rule, as the renderer applies it: $$…$$, or $…$ opening before a non-space, closing after a
# non-space and not before a digit. (The seed summaries are single lines without \( or \[.)
SEED_MATH_RE = re.compile(r"\$\$(.+?)\$\$|\$(?![\s$])((?:\\.|[^\\$])+?)(?<!\s)\$(?!\d)")


def seed_summaries() -> list[str]:
    """The 22 summaries of the seed: the line after each "[link]", without its stray trailing " |"."""
    lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
    return [lines[i + 1].rstrip().removesuffix(" |") for i, line in enumerate(lines) if line == "[link]"]


def seed_formulas() -> list[tuple[str, bool]]:
    formulas = []
    for summary in seed_summaries():
        for m in SEED_MATH_RE.finditer(summary):
            formulas.append((m.group(1), True) if m.group(1) is not None else (m.group(2), False))
    return formulas


def render_tree(source: str) -> Node:
    return parse_html(render_summary(source))


def only_math(source: str) -> Node:
    """The single <math> element ``source`` renders to."""
    maths = render_tree(source).find_all("math")
    assert len(maths) == 1, render_summary(source)
    return maths[0]


def presentation(math: Node) -> Node:
    """The presentation MathML of a formula (the first child of <semantics>)."""
    semantics = math.elements[0]
    assert semantics.tag == "semantics"
    return semantics.elements[0]


def token_texts(math: Node, tag: str) -> list[str]:
    return [node.text for node in presentation(math).iter() if node.tag == tag]


# ----------------------------------------------------------------------------------------------------
# The seed.


def test_seed_has_its_22_summaries_and_their_formulas():
    assert len(seed_summaries()) == 22
    assert len(seed_formulas()) == 135


@pytest.mark.parametrize(("tex", "display"), seed_formulas())
def test_every_seed_formula_converts_without_falling_back(tex, display):
    source = f"$${tex}$$" if display else f"${tex}$"
    rendered = render_summary(source)

    assert "math-error" not in rendered
    assert "<merror" not in rendered
    math = only_math(source)
    assert math.attrs["display"] == ("block" if display else "inline")
    assert math.find("annotation").text == tex.strip()


@pytest.mark.parametrize("index", range(22))
def test_seed_summary_renders_all_its_formulas(index):
    summary = seed_summaries()[index]
    tree = parse_html(render_summary(summary))

    assert "math-error" not in render_summary(summary)
    assert len(tree.find_all("math")) == len(SEED_MATH_RE.findall(summary))


def test_seed_combining_tilde_becomes_an_accent_on_its_letter():
    # Seed 0 writes g̃ as "g", a space and U+0303: latex2mathml alone detaches the tilde into its own <mi>.
    math = only_math("$g \u0303_t$")
    msub = presentation(math).elements[0]
    assert msub.tag == "msub"
    mover = msub.elements[0]
    assert mover.tag == "mover" and mover.attrs.get("accent") == "true"
    assert mover.elements[0].text == "g" and mover.elements[1].text == "~"


@pytest.mark.parametrize("minus", ["\u2212", "\u2013", "\u2014"])
def test_unicode_minus_and_dashes_are_a_minus_operator(minus):
    math = only_math(f"$s_{{t+c{minus}1}}$")
    assert "\u2212" in token_texts(math, "mo")
    assert not any(text in ("\u2212", "\u2013", "\u2014") for text in token_texts(math, "mi"))


def test_typographic_apostrophe_is_a_prime():
    math = only_math("$f(x\u2019)$")
    msup = presentation(math).find("msup")
    assert msup is not None and msup.elements[1].text == "\u2032"


def test_unicode_summation_sign_is_an_operator():
    math = only_math("$\u2211R_t$")
    assert "\u2211" in token_texts(math, "mo")


# ----------------------------------------------------------------------------------------------------
# Common machine-learning notation.


def test_blackboard_bold_r_is_the_double_struck_letter():
    math = only_math("$x \\in \\mathbb{R}^n$")
    assert "\u211d" in token_texts(math, "mi")  # ℝ


def test_blackboard_bold_several_letters_use_unicode_math_alphanumerics():
    # Chromium ignores mathvariant="double-struck"; the styled code points render everywhere.
    math = only_math("$\\mathbb{RN}$")
    assert token_texts(math, "mi") == ["\u211d", "\u2115"]
    assert not any("mathvariant" in node.attrs for node in presentation(math).iter())


def test_calligraphic_l():
    assert token_texts(only_math("$\\mathcal{L}$"), "mi") == ["\u2112"]


def test_bold_vector_and_bold_greek():
    math = only_math("$\\mathbf{x} + \\boldsymbol{\\theta}$")
    assert token_texts(math, "mi") == ["\U0001d431", "\U0001d73d"]  # 𝐱, 𝜽


def test_mathrm_single_letter_stays_upright():
    # latex2mathml turns \mathrm{d} into a plain <mi>d</mi>, which browsers italicize.
    math = only_math("$\\int f(x) \\, \\mathrm{d}x$")
    upright = [node for node in presentation(math).iter() if node.tag == "mi" and node.text == "d"]
    assert len(upright) == 1 and upright[0].attrs.get("mathvariant") == "normal"


def test_fraction_has_numerator_and_denominator():
    mfrac = presentation(only_math("$\\frac{a}{b}$")).find("mfrac")
    assert mfrac is not None
    assert len(mfrac.elements) == 2
    assert [child.text for child in mfrac.elements] == ["a", "b"]


def test_display_sum_puts_limits_under_and_over():
    math = only_math("$$\\sum_{i=1}^{n} x_i$$")
    munderover = presentation(math).find("munderover")
    assert munderover is not None
    assert munderover.elements[0].tag == "mo" and munderover.elements[0].text == "\u2211"
    assert munderover.elements[1].text == "i=1"
    assert munderover.elements[2].text == "n"


def test_inline_sum_keeps_scripts_beside():
    math = only_math("$\\sum_{i=1}^{n} x_i$")
    assert presentation(math).find("msubsup") is not None
    assert presentation(math).find("munderover") is None


def test_norm_with_escaped_bars():
    math = only_math("$\\|x\\|_2$")
    assert token_texts(math, "mo").count("\u2016") == 2
    assert presentation(math).find("msub").elements[1].text == "2"


def test_norm_with_double_bars_becomes_a_norm():
    math = only_math("$||x||_2$")
    assert token_texts(math, "mo").count("\u2016") == 2
    assert "|" not in token_texts(math, "mo")


def test_absolute_value_bars_inside_left_right_are_left_alone():
    math = only_math("$\\left||x|\\right|$")
    assert "\u2016" not in "".join(token_texts(math, "mo"))


@pytest.mark.parametrize(("tex", "accent"), [("\\hat{y}", "^"), ("\\tilde{x}", "~"), ("\\bar{x}", "\u00af")])
def test_accents_are_marked_as_accents(tex, accent):
    mover = presentation(only_math(f"${tex}$")).find("mover")
    assert mover.attrs.get("accent") == "true"
    assert mover.elements[1].text == accent


def test_matrix_becomes_a_table_between_parentheses():
    row = presentation(only_math("$\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}$"))
    mtable = row.find("mtable")
    assert [[cell.text for cell in tr.elements] for tr in mtable.elements] == [["a", "b"], ["c", "d"]]
    assert token_texts(only_math("$\\begin{pmatrix}a\\end{pmatrix}$"), "mo") == ["(", ")"]


def test_aligned_environment_becomes_a_table():
    # latex2mathml does not know "aligned": it would print the "&" and ignore the line break.
    math = only_math("$$\\begin{aligned} a &= b \\\\ &= c \\end{aligned}$$")
    mtable = presentation(math).find("mtable")
    assert mtable is not None and len(mtable.elements) == 2
    assert "&" not in presentation(math).text


def test_text_keeps_its_trailing_space():
    math = only_math("$f(x) = 1 \\text{if } x > 0$")
    assert "if\u00a0" in token_texts(math, "mtext")


def test_operatorname_is_upright_operator():
    math = only_math("$\\operatorname{softmax}(z)$")
    assert token_texts(math, "mo")[0] == "softmax"


def test_left_right_fences_stretch():
    math = only_math("$\\left(\\frac{1}{2}\\right)$")
    fences = [node for node in presentation(math).iter() if node.tag == "mo" and node.text in "()"]
    assert [fence.attrs.get("stretchy") for fence in fences] == ["true", "true"]
    assert presentation(math).find("mfrac") is not None


@pytest.mark.parametrize(
    "tex",
    [
        "\\arg\\max_\\theta J(\\theta)",
        "\\arg \\max_\\theta J(\\theta)",
        "\\argmax_\\theta J(\\theta)",
        "\\operatorname*{arg\\,max}_\\theta J(\\theta)",
        "\\operatorname{arg\\,max}_\\theta J(\\theta)",
        "\\operatorname*{argmax}_\\theta J(\\theta)",
        "\\mathop{\\mathrm{arg\\,max}}_\\theta J(\\theta)",
    ],
)
def test_arg_max_is_one_upright_operator_with_limits_underneath(tex):
    math = only_math(f"$${tex}$$")
    munder = presentation(math).find("munder")
    assert munder is not None
    operator = munder.elements[0]
    assert operator.tag == "mo" and operator.text == "arg\u2009max"
    assert operator.attrs.get("movablelimits") == "true"
    assert munder.elements[1].text == "\u03b8"
    # Not the italic letters a, r, g of a product of variables.
    assert not {"a", "r", "g"} & set(token_texts(math, "mi"))


def test_arg_min_too():
    assert "arg\u2009min" in token_texts(only_math("$\\arg\\min_x f$"), "mo")


def test_bare_arg_is_an_upright_function_name():
    math = only_math("$\\arg z$")
    assert token_texts(math, "mo") == ["arg"]
    assert not any(text.startswith("\\") for text in token_texts(math, "mi"))


@pytest.mark.parametrize("tex", ["\\lim_{n\\to\\infty} a_n", "\\max_{x} f(x)", "\\sup_{x} f(x)"])
def test_limit_operators_take_their_limits_underneath_in_display(tex):
    munder = presentation(only_math(f"$${tex}$$")).find("munder")
    assert munder is not None
    assert munder.elements[0].attrs.get("movablelimits") == "true"


def test_sim_is_a_relation_not_a_tilde_identifier():
    math = only_math("$x \\sim p$")
    assert "\u223c" in token_texts(math, "mo")
    assert "~" not in token_texts(math, "mi")


@pytest.mark.parametrize("tex", ["x \u2264 y", "a \u2208 A", "f: X \u2192 Y", "a := b"])
def test_unicode_relations_and_colon_are_operators(tex):
    math = only_math(f"${tex}$")
    assert len(token_texts(math, "mo")) >= 1
    assert all(len(text) != 1 or text.isalpha() for text in token_texts(math, "mi"))


def test_vert_and_brackets_are_fences_not_identifiers():
    math = only_math("$\\vert x \\vert + \\langle a, b \\rangle + \\lfloor y \\rfloor$")
    assert {"|", "\u27e8", "\u27e9", "\u230a", "\u230b"} <= set(token_texts(math, "mo"))


def test_fixed_size_delimiters_do_not_stretch_and_left_right_ones_do():
    math = only_math("$$\\lambda \\lVert \\theta \\rVert_2^2 + \\lvert \\sum_i x_i \\rvert"
                     " + \\left\\lVert \\sum_j y_j \\right\\rVert$$")
    fences = [(node.text, node.attrs.get("stretchy")) for node in presentation(math).iter()
              if node.tag == "mo" and node.text in {"\u2016", "|"}]
    assert fences == [("\u2016", "false"), ("\u2016", "false"), ("|", "false"), ("|", "false"),
                      ("\u2016", "true"), ("\u2016", "true")]


def test_unicode_superscript_digits():
    msup = presentation(only_math("$x\u00b2$")).find("msup")
    assert msup is not None and msup.elements[1].text == "2"


def test_unknown_command_is_flagged_in_place():
    math = only_math("$\\foo x$")
    merror = presentation(math).find("merror")
    assert merror is not None and merror.text == "\\foo"


# ----------------------------------------------------------------------------------------------------
# Delimiters and their interplay with Markdown.


def test_annotation_keeps_the_raw_tex():
    tex = "\\mathcal{L} = -\\sum_i y_i \\log \\hat{y}_i"
    math = only_math(f"${tex}$")
    annotation = math.elements[0].elements[-1]
    assert annotation.tag == "annotation"
    assert annotation.attrs["encoding"] == "application/x-tex"
    assert annotation.text == tex


@pytest.mark.parametrize(
    ("source", "display"),
    [("$x$", "inline"), ("\\(x\\)", "inline"), ("$$x$$", "block"), ("\\[x\\]", "block")],
)
def test_all_four_delimiters(source, display):
    assert only_math(f"Before {source} after").attrs["display"] == display


def test_display_math_over_several_lines():
    math = only_math("Text:\n\n$$\nx = a\n  + b\n  - c\n$$\n\nMore.")
    assert math.attrs["display"] == "block"
    assert token_texts(math, "mi") == ["x", "a", "b", "c"]


def test_display_math_lines_starting_with_minus_are_not_list_items():
    tree = render_tree("$$\na\n- b\n+ c\n$$")
    assert tree.find("ul") is None and len(tree.find_all("math")) == 1


@pytest.mark.parametrize(
    "source",
    [
        "It costs $5 and $10.",
        "It costs $5.",
        "Between $5-$10 per hour.",
        "Paid US$5 and US$10 today.",
        "A $ 5 and 6 $ gap.",
        "Prices: $20,000 and $30,000.",
        "Escaped \\$x\\$ is text.",
    ],
)
def test_dollar_amounts_stay_text(source):
    tree = render_tree(source)
    assert tree.find("math") is None
    assert "$" in tree.text


def test_escaped_dollar_is_a_literal_dollar():
    assert render_tree("\\$x\\$").text.strip() == "$x$"


def test_unbalanced_formula_falls_back_to_code():
    tree = render_tree("Bad $x^{$ here.")
    code = tree.find("code")
    assert code is not None and code.attrs.get("class") == "math-error"
    assert "x^{" in code.text
    assert tree.find("math") is None


def test_macro_definitions_fall_back_instead_of_expanding():
    code = render_tree("$\\def\\a{\\a\\a}\\a$").find("code")
    assert code is not None and code.attrs.get("class") == "math-error"


def test_math_in_code_span_is_not_converted():
    tree = render_tree("Use `$x_1$` literally and $y$.")
    assert tree.find("code").text == "$x_1$"
    assert len(tree.find_all("math")) == 1


def test_dollars_inside_code_span_do_not_pair_with_dollars_outside():
    tree = render_tree("Costs `$` for math, and `$` too")
    assert [code.text for code in tree.find_all("code")] == ["$", "$"]
    assert tree.find("math") is None


def test_math_in_fenced_and_indented_code_is_not_converted():
    tree = render_tree("```\n$x_1$\n```\n\nText\n\n    $y_2$ indented\n")
    assert [pre.text.strip() for pre in tree.find_all("pre")] == ["$x_1$", "$y_2$ indented"]
    assert tree.find("math") is None


def test_underscores_and_stars_in_math_are_not_emphasis():
    tex = "a_1 * b_2 * c_3 + x_{i}^{*}"
    tree = render_tree(f"See ${tex}$ and $y_1$ then _real emphasis_.")
    assert [em.text for em in tree.find_all("em")] == ["real emphasis"]
    assert tree.find_all("annotation")[0].text == tex


def test_backslashes_in_math_are_not_markdown_escapes():
    tree = render_tree("$\\{a\\} \\# \\_ \\\\ b$")
    assert tree.find("annotation").text == "\\{a\\} \\# \\_ \\\\ b"


def test_pipe_in_math_does_not_split_a_table_cell():
    tree = render_tree("| p | value |\n|---|---|\n| $p(y|x)$ | $\\|w\\|$ |")
    cells = tree.find("tbody").find_all("td")
    assert len(cells) == 2
    assert [cell.find("annotation").text for cell in cells] == ["p(y|x)", "\\|w\\|"]


def test_math_in_headings_lists_and_quotes():
    tree = render_tree("## Loss $\\mathcal{L}$\n\n- item $a_i$\n\n> quoted $b_j$")
    assert tree.find("h4").find("math") is not None
    assert tree.find("li").find("math") is not None
    assert tree.find("blockquote").find("math") is not None


def test_math_in_image_alt_stays_tex_text():
    img = render_tree("![plot of $f_\\theta$](https://i.imgur.com/a.png)").find("img")
    assert img.attrs["alt"] == "plot of $f_\\theta$"


def test_math_next_to_emphasis():
    tree = render_tree("**$x$ is bold** and *$y$*")
    assert tree.find("strong").find("math") is not None
    assert tree.find("em").find("math") is not None


def test_repeated_formula_renders_each_time():
    assert len(render_tree("$g_t$, $g_t$ and $g_t$").find_all("math")) == 3
