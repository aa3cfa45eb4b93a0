"""MathML cannot draw outside its formula: no backgrounds, and lengths that move or size a box stay within bounds.

Raw <mpadded voffset="-20em" lspace="-20em" width="20em" mathbackground="red"> used to pass, so a summary could paint
over the page around it. What TeX needs (kerning, \\mathllap, \\raise by a little, \\Bigg, \\Huge) still passes.
"""

import pytest

from summaries.rendering import render_summary
from summaries.rendering.sanitize import sanitize
from tests.summaries.html_tree import parse_html as parse


def attributes_after_sanitizing(tag, attribute, value):
    child = "" if tag in ("mspace", "mtable") else "<mi>x</mi><mi>y</mi>"
    html = sanitize(f'<math><{tag} {attribute}="{value}">{child}</{tag}></math>')
    return parse(html).find(tag).attrs


def test_the_mpadded_of_the_report_keeps_none_of_its_geometry():
    html = render_summary(
        'Look: <math><mpadded voffset="-20em" lspace="-20em" width="20em" mathbackground="red">'
        "<mi>x</mi></mpadded></math>"
    )
    assert parse(html).find("mpadded").attrs == {}


@pytest.mark.parametrize(
    ("tag", "attribute", "value"),
    [
        ("mpadded", "mathbackground", "red"),
        ("mspace", "mathbackground", "#000"),
        ("mstyle", "mathbackground", "black"),
        ("mpadded", "voffset", "-20em"),
        ("mpadded", "voffset", "2em"),
        ("mpadded", "voffset", "-1.1em"),
        ("mpadded", "voffset", "-50px"),
        ("mpadded", "voffset", "-3height"),
        ("mpadded", "lspace", "-20em"),
        ("mpadded", "lspace", "-2width"),
        ("mpadded", "lspace", "1in"),
        ("mpadded", "width", "20em"),
        ("mpadded", "width", "6em"),
        ("mpadded", "width", "3width"),
        ("mpadded", "width", "-2em"),
        ("mpadded", "width", "500%"),
        ("mpadded", "height", "100ex"),
        ("mpadded", "depth", "10cm"),
        ("mspace", "width", "20em"),
        ("mspace", "width", "-5em"),
        ("mspace", "height", "6em"),
        ("mspace", "depth", "3in"),
        ("mo", "lspace", "-1em"),
        ("mo", "lspace", "negativethickmathspace"),
        ("mo", "rspace", "5em"),
        ("mo", "minsize", "10em"),
        ("mo", "maxsize", "100em"),
        ("mstyle", "mathsize", "20em"),
        ("mstyle", "mathsize", "400%"),
        ("mstyle", "scriptlevel", "-9"),
        ("mstyle", "scriptlevel", "-100"),
        ("mfrac", "linethickness", "100em"),
        ("mfrac", "linethickness", "2em"),
        ("mtable", "rowspacing", "99em"),
        ("mtable", "columnspacing", "1em 99em"),
        ("mpadded", "width", "20 em"),
        ("mpadded", "width", "1e3em"),
        ("mpadded", "width", "calc(100vw)"),
    ],
)
def test_geometry_that_reaches_outside_the_formula_is_dropped(tag, attribute, value):
    assert attribute not in attributes_after_sanitizing(tag, attribute, value)


@pytest.mark.parametrize(
    ("tag", "attribute", "value"),
    [
        ("mpadded", "lspace", "-1width"),  # \mathllap
        ("mpadded", "lspace", "-0.5width"),  # \mathclap
        ("mpadded", "lspace", "-1em"),  # \moveleft
        ("mpadded", "voffset", "-.2em"),  # extensible arrows
        ("mpadded", "voffset", "+.21ex"),  # \LaTeX
        ("mpadded", "height", "-.5ex"),
        ("mpadded", "width", "0px"),
        ("mpadded", "width", "+0.833em"),
        ("mpadded", "width", "2width"),
        ("mspace", "width", "negativethinmathspace"),  # \!
        ("mspace", "width", "-.325em"),
        ("mspace", "width", "2em"),  # \qquad
        ("mspace", "width", "2cm"),  # \hspace{2cm}
        ("mspace", "depth", ".25em"),
        ("mo", "lspace", "0.05em"),
        ("mo", "rspace", "thickmathspace"),
        ("mo", "minsize", "2.470em"),  # \Bigg
        ("mstyle", "mathsize", "2.49em"),  # \Huge
        ("mstyle", "mathsize", "0.5em"),
        ("mstyle", "scriptlevel", "2"),
        ("mfrac", "linethickness", "0"),  # \binom
        ("mtable", "columnspacing", "0em 2em 0em 2em"),  # align
        ("mtable", "rowspacing", "3pt"),
    ],
)
def test_geometry_that_tex_needs_is_kept(tag, attribute, value):
    assert attributes_after_sanitizing(tag, attribute, value).get(attribute) == value


@pytest.mark.parametrize(
    ("tex", "tag", "kept", "dropped"),
    [
        ("\\rule{100em}{100em}", "mspace", set(), {"mathbackground", "width", "height"}),
        ("\\rule{1cm}{0.4pt}", "mspace", {"width", "height"}, {"mathbackground"}),
        ("\\colorbox{red}{x}", "mpadded", set(), {"mathbackground"}),
        ("\\raise{20em}{x}", "mpadded", set(), {"voffset", "height"}),
        ("\\raise{0.5em}{x}", "mpadded", {"voffset", "height", "depth"}, set()),
        ("\\mathllap{x}", "mpadded", {"lspace", "width"}, set()),
        ("\\hspace{30cm}", "mspace", set(), {"width"}),
    ],
)
def test_tex_that_would_draw_outside_its_formula_is_bounded(tex, tag, kept, dropped):
    attributes = parse(render_summary(f"$${tex}$$")).find(tag).attrs
    assert kept <= attributes.keys() and not dropped & attributes.keys()
