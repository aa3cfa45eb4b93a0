"""A summary's headings sit under the page's own, and its date is one HTML accepts (or its provenance)."""

import datetime as dt
import re

import pytest

from summaries.models import Summary
from summaries.rendering import render_summary
from summaries.templatetags.summary_display import html_datetime, nest_headings
from tests.builders import make_paper, make_summary


def levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def test_a_summary_under_a_section_h2_starts_at_h3_whatever_its_first_heading():
    assert levels(nest_headings("<h5>Only a small heading</h5><p>Text</p>", 2)) == [3]
    assert levels(nest_headings("<h3>Top</h3><h4>Sub</h4><h3>Top again</h3>", 2)) == [3, 4, 3]
    assert levels(nest_headings("<h3>Top</h3><h4>Sub</h4>", 1)) == [2, 3]


def test_skipped_levels_become_one_step_and_nothing_goes_past_h6():
    assert levels(nest_headings("<h3>A</h3><h6>Deep</h6><h6>Deep too</h6><h4>B</h4>", 2)) == [3, 4, 4, 4]
    assert levels(nest_headings("<h6>Late start</h6><h3>Top</h3>", 2)) == [3, 3]
    nested = "".join(f"<h{n}>{n}</h{n}>" for n in range(1, 7))
    assert levels(nest_headings(nested, 4)) == [5, 6, 6, 6, 6, 6]


def test_closing_tags_and_attributes_follow_their_heading_and_other_markup_is_untouched():
    html = '<h5 id="x">A <em>b</em></h5><hr><header>c</header><math><mi>h</mi></math>'
    assert nest_headings(html, 2) == '<h3 id="x">A <em>b</em></h3><hr><header>c</header><math><mi>h</mi></math>'
    assert nest_headings("<p>No headings.</p>", 2) == "<p>No headings.</p>"


def test_heading_tags_written_in_a_summary_s_text_or_attributes_stay_text():
    stored = render_summary('![<h2>alt</h2>](https://example.org/a.png "<h4>title") and `<h3>` code\n\n### Real')
    nested = nest_headings(stored, 2)
    assert levels(nested) == [3]
    assert nested.replace("<h3>Real</h3>", "") == stored.replace("<h5>Real</h5>", "")


def test_html_datetime_is_utc_to_the_second():
    moment = dt.datetime(2026, 11, 29, 17, 32, 56, 468000, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert html_datetime(moment) == "2026-11-29T16:32:56Z"
    assert html_datetime(None) == ""


def summary_body(response):
    return response.content.decode().split('class="summary-body prose">')[1].split("</div>")[0]


@pytest.mark.django_db
def test_paper_and_share_pages_nest_the_summary_under_their_headings(client, make_user):
    paper = make_paper("Headings")
    summary = make_summary(paper, "### Small start\n\nText.\n\n# Big\n\n### Deeper", author=make_user(),
                           attribution="", is_private=True)
    Summary.objects.filter(pk=summary.pk).update(is_private=False)
    assert levels(summary_body(client.get(paper.get_absolute_url()))) == [3, 3, 4]
    assert levels(summary_body(client.get(summary.get_share_url()))) == [2, 2, 3]
