"""A reader in a real Chromium: venue -> year -> paper, math laid out as MathML, pages usable at phone width."""

from pathlib import Path

import pytest

from papers.models import Paper
from tests.conftest import serve_external_images_locally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_browse_from_venue_to_year_to_paper(page, nips2018):
    page.goto("/venues/")
    page.get_by_role("link", name="NIPS").first.click()
    page.wait_for_url("**/venues/nips/")
    screenshot(page, "venue")
    bar = page.get_by_role("link", name="2018: 22 papers")
    box = bar.locator("svg").bounding_box()
    assert box["height"] > 100  # the only year is the tallest bar
    bar.click()
    page.wait_for_url("**/venues/nips/2018/")
    assert page.locator(".paper-item").count() == 22
    screenshot(page, "venue-year")
    page.get_by_role("link", name="Data-Efficient Hierarchical Reinforcement Learning").click()
    assert page.locator("#paper-title").inner_text() == "Data-Efficient Hierarchical Reinforcement Learning"
    screenshot(page, "paper")
    # The abstract is folded behind "more" and opens without JavaScript (a <details> element).
    abstract = page.locator("details.abstract")
    assert not abstract.evaluate("el => el.open")
    abstract.locator("summary").click()
    assert abstract.evaluate("el => el.open")


def test_math_is_laid_out_as_mathml(page, nips2018):
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    page.goto(paper.get_absolute_url())
    formula = page.locator(".summary-body math").first
    box = formula.bounding_box()
    assert box["width"] > 5 and box["height"] > 5
    # MathML is rendered natively: a <math> element is laid out as math, not as unknown inline text.
    assert formula.evaluate("el => el.constructor.name") == "MathMLElement"
    assert "$\\mu^{hi}$" not in page.locator(".summary-body").first.inner_text()


def test_every_seed_paper_page_renders_its_summary(page, nips2018):
    for paper in Paper.objects.order_by("pk"):
        page.goto(paper.get_absolute_url())
        body = page.locator(".summary-body")
        assert body.count() == 1
        assert len(body.inner_text()) > 200
        screenshot(page, f"paper-{paper.pk:02}-{paper.slug[:40]}")


def test_phone_width_has_no_horizontal_scroll(chromium_browser, live_server, nips2018):
    context = chromium_browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url)
    serve_external_images_locally(context)
    tab = context.new_page()
    for url in ["/", "/venues/nips/", "/venues/nips/2018/",
                Paper.objects.get(title__startswith="Neural Ordinary").get_absolute_url()]:
        tab.goto(url)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at phone width"
    screenshot(tab, "phone-paper")
    context.close()
