"""Reports by readers, and moderators hiding or restoring summaries from the admin (logged)."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import override_settings

from summaries.models import Report, Summary
from tests.builders import csrf_client, csrf_post, make_paper, make_summary
from tests.summaries.html_tree import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(make_user):
    return make_summary(make_paper(), author=make_user("author"), body="Buy cheap pills at example.com")


def report_url(summary):
    return f"/summaries/{summary.pk}/report/"


def test_anonymous_reader_is_sent_to_log_in_before_reporting(summary):
    response = csrf_client().get(report_url(summary))
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={report_url(summary)}"


def test_reader_reports_a_summary_with_a_reason(summary, make_user):
    reader = make_user("reader")
    client = csrf_client(reader)
    assert f'href="{report_url(summary)}">Report</a>' in client.get(summary.paper.get_absolute_url()).content.decode()
    response = csrf_post(client, report_url(summary), {"reason": "Spam"})
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    report = Report.objects.get()
    assert (report.summary, report.reporter, report.reason, report.resolved) == (summary, reader, "Spam", False)
    # Reporting again changes the reason instead of piling up reports.
    csrf_post(client, report_url(summary), {"reason": "Spam, and an advert"})
    assert Report.objects.get().reason == "Spam, and an advert"


def test_report_without_a_reason_is_refused(summary, make_user):
    response = csrf_post(csrf_client(make_user()), report_url(summary), {"reason": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    too_long = csrf_post(csrf_client(make_user()), report_url(summary), {"reason": "w" * 2001})
    assert too_long.status_code == 400 and "w" * 2001 in too_long.content.decode()
    assert not Report.objects.exists()


@override_settings(RATELIMITS={"report": "1/h"})
def test_too_many_reports_get_a_429_page(summary, make_user):
    client = csrf_client(make_user())
    assert csrf_post(client, report_url(summary), {"reason": "Spam"}).status_code == 302
    assert csrf_post(client, report_url(summary), {"reason": "Spam!"}).status_code == 429


def admin_action(client, url, action, pks):
    return csrf_post(client, url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_staff_see_open_reports_and_hide_the_summary_everywhere(summary, make_user, client):
    Report.objects.create(summary=summary, reporter=make_user(), reason="Spam")
    Report.objects.create(summary=summary, reporter=make_user(), reason="Old", resolved=True)
    moderator = make_user("moderator", is_staff=True, is_superuser=True)
    staff = csrf_client(moderator)
    queue = staff.get("/admin/summaries/report/").content.decode()
    assert "Spam" in queue and "Old" not in queue  # open reports by default
    # Each report opens from the list; its summary's public page is a link of its own, not nested in that one.
    spam = Report.objects.get(reason="Spam")
    links = parse_html(queue).find_all("a")
    change = f"/admin/summaries/report/{spam.pk}/change/"
    assert [a.text for a in links if a.attrs["href"].startswith(change)] == ["Spam"]
    public = [a for a in links if a.attrs["href"] == summary.get_absolute_url()]
    assert public and all(a.text and a.parent.tag != "a" and not a.find_all("a")[1:] for a in public)

    response = admin_action(staff, "/admin/summaries/report/", "hide_reported_summaries",
                            Report.objects.values_list("pk", flat=True))
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.is_hidden and not Report.objects.filter(resolved=False).exists()
    entry = LogEntry.objects.get(object_id=str(summary.pk))
    assert (entry.user, entry.action_flag, entry.change_message) == (moderator, CHANGE, "Hidden by a moderator.")

    # Gone from public pages, kept in the database.
    assert "cheap pills" not in client.get(summary.paper.get_absolute_url()).content.decode()
    assert "cheap pills" not in client.get("/").content.decode()
    assert "cheap pills" not in client.get("/users/author/").content.decode()
    assert client.get(summary.get_share_url()).status_code == 404
    assert Summary.objects.filter(pk=summary.pk).exists()
    # Its author still sees it, marked hidden, and nobody can vote on it.
    own = csrf_client(summary.author).get(summary.paper.get_absolute_url()).content.decode()
    assert "cheap pills" in own and "Hidden by a moderator" in own
    reader = csrf_client(make_user())
    assert csrf_post(reader, f"/summaries/{summary.pk}/vote/", {"value": 1},
                     form_page="/accounts/login/").status_code == 404


def test_staff_restore_a_hidden_summary_from_the_summary_admin(summary, make_user, client):
    Summary.objects.filter(pk=summary.pk).update(is_hidden=True)
    moderator = make_user("moderator", is_staff=True, is_superuser=True)
    response = admin_action(csrf_client(moderator), "/admin/summaries/summary/", "restore_summaries", [summary.pk])
    assert response.status_code == 302
    assert not Summary.objects.get(pk=summary.pk).is_hidden
    assert LogEntry.objects.get(object_id=str(summary.pk)).change_message == "Restored by a moderator."
    assert "cheap pills" in client.get(summary.paper.get_absolute_url()).content.decode()


def test_non_staff_cannot_open_the_moderation_queue(summary, make_user):
    response = csrf_client(make_user()).get("/admin/summaries/report/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_hiding_is_not_an_edit_by_the_author_and_renders_nothing(summary, monkeypatch):
    from summaries.services import summary_set_hidden

    updated = Summary.objects.get(pk=summary.pk).updated
    monkeypatch.setattr("summaries.models.render_with_excerpt", lambda body: pytest.fail("rendered again"))
    assert summary_set_hidden(summary=summary, hidden=True)
    hidden = Summary.objects.get(pk=summary.pk)
    assert hidden.is_hidden and hidden.updated == updated and hidden.body_html == summary.body_html


def test_summary_admin_counts_open_reports_and_finds_summaries(summary, make_user):
    other = make_summary(make_paper("Attention Is All You Need"), author=make_user("writer"), body="Transformers.")
    for resolved in (False, False, True):
        Report.objects.create(summary=summary, reporter=make_user(), reason="Spam", resolved=resolved)
    staff = csrf_client(make_user("moderator", is_staff=True, is_superuser=True))

    def listed(**params):
        response = staff.get("/admin/summaries/summary/", params)
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    rows = listed(o="-8")  # the "Open reports" column, most first
    assert [(row, row.open_report_count) for row in rows] == [(summary, 2), (other, 0)]
    assert listed(q="Attention") == [other]  # paper title
    assert listed(q="writer") == [other]  # the writer's username
    Summary.objects.filter(pk=other.pk).update(attribution="Imported from shortscience.org")
    assert listed(q="shortscience") == [other]


def test_writers_cannot_report_their_own_summary(summary):
    client = csrf_client(summary.author)
    url = report_url(summary)
    assert "edit or delete it instead" in client.get(url).content.decode()
    response = csrf_post(client, url, {"reason": "Testing"}, form_page=summary.paper.get_absolute_url())
    assert response.status_code == 403 and not Report.objects.exists()
