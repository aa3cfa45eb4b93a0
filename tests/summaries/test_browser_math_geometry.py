"""In a real Chromium: no formula of a summary draws outside the summary, whatever MathML or TeX its author wrote."""

import pytest

from tests.builders import make_paper, make_summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODIES = [
    'Over the text below: <math><mpadded voffset="-20em" lspace="-20em" width="20em" mathbackground="red">'
    "<mi>x</mi></mpadded></math>",
    'Over the page above: <math><mpadded voffset="20em"><mi>u</mi></mpadded></math>',
    "Raised: $\\raise{20em}{d}$, lowered: $\\lower{20em}{e}$",
    'Painted: $\\rule{100em}{100em}$ $$\\colorbox{red}{g}$$ <math><mspace width="3em" height="1em" '
    'mathbackground="black"></mspace><mstyle mathbackground="red"><mi>y</mi></mstyle></math>',
    "As TeX needs: $a \\mathllap{b} c \\raise{0.3em}{d} \\lower{0.3em}{e} \\Bigg( f \\Bigg) \\! g \\qquad h$",
]

# Every box drawn inside a formula outside the article that holds it (with a pixel of slack), and every painted one.
ESCAPES = """(article) => {
    const box = article.getBoundingClientRect();
    const found = [];
    for (const node of article.querySelectorAll("math, math *")) {
        const r = node.getBoundingClientRect();
        const outside = r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
            r.bottom > box.bottom + 1;
        if (r.width > 0 && r.height > 0 && outside) found.push(`${node.tagName} drawn outside`);
        const background = getComputedStyle(node).backgroundColor;
        if (background !== "rgba(0, 0, 0, 0)") found.push(`${node.tagName} painted ${background}`);
    }
    return found;
}"""


def test_no_formula_draws_outside_its_summary(page):
    paper = make_paper("Neural Ordinary Differential Equations")
    summaries = [make_summary(paper, body=body) for body in BODIES]
    page.goto(paper.get_absolute_url())
    escapes = {}
    for summary in summaries:
        article = page.locator(f"#summary-{summary.pk}")
        assert article.locator("math").count() >= 1
        escapes[summary.body[:20]] = article.evaluate(ESCAPES)
    assert escapes == {body[:20]: [] for body in BODIES}
