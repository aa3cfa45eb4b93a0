"""In a real Chromium: log in, write a summary with a formula, watch the live preview show MathML, save, see it."""

import pytest

from summaries.models import Summary
from tests.builders import PASSWORD, make_paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_a_summary_with_a_formula_and_a_live_mathml_preview(page, make_user):
    make_user("writer")
    paper = make_paper("Neural Ordinary Differential Equations")

    page.goto(paper.get_absolute_url())
    page.get_by_role("link", name="Log in to write a summary").click()
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/papers/{paper.pk}/{paper.slug}/summaries/new/")

    page.fill("#id_body", "The dynamics are $\\frac{dh}{dt} = f(h(t), t; \\theta)$, solved by **any** ODE solver.")
    preview = page.locator(".markdownx-preview")
    preview.locator("math mfrac").wait_for(timeout=10_000)  # the server rendered MathML into the preview
    assert preview.locator("strong").inner_text() == "any"

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/papers/{paper.pk}/{paper.slug}/**")
    summary = Summary.objects.get()
    article = page.locator(f"#summary-{summary.pk}")
    assert article.locator("math mfrac").count() == 1
    assert "solved by any ODE solver" in article.inner_text()
    assert "Your summary is published." in page.locator(".messages").inner_text()
