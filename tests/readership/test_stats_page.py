"""/users/<username>/stats/: the writer's views per day over 7 and 30 days (SVG chart and table) and per summary."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from readership.models import SummaryDailyViews
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(make_user):
    return make_user("writer")


@pytest.fixture
def summaries(writer):
    today = timezone.now().date()
    first = make_summary(make_paper("Attention Is All You Need"), "Transformers.", author=writer)
    second = make_summary(make_paper("Neural ODEs"), "Continuous depth.", author=writer)
    first.score = 7
    first.save(update_fields=["score"])
    SummaryDailyViews.objects.add({
        (first.pk, today): 5, (first.pk, today - dt.timedelta(days=6)): 2,  # both in the last 7 days
        (first.pk, today - dt.timedelta(days=20)): 10,  # in the last 30 days only
        (second.pk, today - dt.timedelta(days=1)): 3,
        (second.pk, today - dt.timedelta(days=40)): 50,  # older than 30 days: in the total only
    })
    return first, second


def stats_url(user):
    return f"/users/{user.get_username()}/stats/"


def test_the_writer_sees_their_views_per_day_as_a_chart_and_a_table(client, writer, summaries):
    client.force_login(writer)
    response = client.get(stats_url(writer))
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    headings = [h.text_content() for h in page.xpath("//h2")]
    assert "Last 7 days: 10 views" in headings and "Last 30 days: 20 views" in headings
    charts = page.xpath("//svg[@role='img']")
    assert len(charts) == 2 and not page.xpath("//script[not(@src)]")
    assert [len(chart.xpath(".//rect")) for chart in charts] == [7, 30]
    week = page.xpath("//table[caption[contains(., 'last 7 days')]]//tbody/tr")
    assert len(week) == 7
    assert [row.xpath("string(td)") for row in week] == ["2", "0", "0", "0", "0", "3", "5"]
    today = timezone.now().date()
    assert week[-1].xpath("string(th/time/@datetime)") == today.isoformat()


def test_each_summary_has_its_views_and_score(client, writer, summaries):
    client.force_login(writer)
    page = lxml_html.fromstring(client.get(stats_url(writer)).content)
    rows = page.xpath("//table[caption[contains(., 'Each summary')]]//tbody/tr")
    cells = [[re.sub(r"\s+", " ", c.text_content()).strip() for c in row.xpath("th|td")] for row in rows]
    assert cells == [["Attention Is All You Need", "17", "17", "7"], ["Neural ODEs", "3", "53", "0"]]


def test_staff_see_any_writers_statistics(client, writer, summaries, make_user):
    client.force_login(make_user("moderator", is_staff=True))
    assert client.get(stats_url(writer)).status_code == 200
    assert client.get("/users/nobody-here/stats/").status_code == 404


def test_other_users_are_refused_and_anonymous_readers_asked_to_log_in(client, writer, summaries, make_user):
    assert client.get(stats_url(writer))["Location"].startswith("/accounts/login/")
    client.force_login(make_user("curious"))
    response = client.get(stats_url(writer))
    assert response.status_code == 403 and b"only to their writer" in response.content
    assert client.get("/users/nobody-here/stats/").status_code == 403  # who has an account is not told


def test_the_profile_links_to_the_statistics_for_its_writer_only(client, writer, make_user):
    link = f'href="{stats_url(writer)}"'
    assert link not in client.get(f"/users/{writer.username}/").content.decode()
    client.force_login(writer)
    assert link in client.get(f"/users/{writer.username}/").content.decode()


def test_a_writer_without_views_sees_zeros(client, writer):
    client.force_login(writer)
    html = client.get(stats_url(writer)).content.decode()
    assert "Last 7 days: 0 views" in html and "No summaries yet." in html
