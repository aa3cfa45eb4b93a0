"""The admin's one report queue: reports of summaries, comments, questions and answers together, filtered by kind
and state, linking to each reported item, with hide, restore and dismiss actions."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission

from discussion import services
from discussion.models import DiscussionReport
from summaries.models import Report, Summary
from tests.builders import csrf_client, csrf_post, make_answer, make_comment, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db
QUEUE = "/admin/discussion/reportqueue/"


@pytest.fixture
def reported(make_user):
    """One open report of each kind."""
    writer, reader = make_user("writer"), make_user("reader")
    paper = make_paper("Neural ODEs")
    summary = make_summary(paper, "Summary text.", author=writer)
    comment = make_comment(summary, "Rude comment", author=writer)
    question = make_question(paper, "Spam question?", author=writer)
    answer = make_answer(question, "Wrong answer", author=writer)
    reports = {
        "summary": Report.objects.create(summary=summary, reporter=reader, reason="Plagiarised summary"),
        "comment": services.report_create(reporter=reader, reason="Rude comment report", comment=comment),
        "question": services.report_create(reporter=reader, reason="Spam question report", question=question),
        "answer": services.report_create(reporter=reader, reason="Wrong answer report", answer=answer),
    }
    return {"summary": summary, "comment": comment, "question": question, "answer": answer, "reports": reports}


@pytest.fixture
def moderator(make_user):
    return csrf_client(make_user("mod", is_staff=True, is_superuser=True))


def test_the_queue_lists_every_kind_of_report_with_links_to_the_items(reported, moderator):
    response = moderator.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    for reason in ("Plagiarised summary", "Rude comment report", "Spam question report", "Wrong answer report"):
        assert reason in html
    assert f'href="/admin/summaries/summary/{reported["summary"].pk}/change/"' in html
    assert f'href="/admin/discussion/comment/{reported["comment"].pk}/change/"' in html
    assert f'href="{reported["comment"].get_absolute_url()}"' in html
    assert f'href="{reported["question"].get_absolute_url()}"' in html
    assert f'href="{reported["answer"].get_absolute_url()}"' in html
    assert 'href="/admin/discussion/reportqueue/"' in moderator.get("/admin/").content.decode()


def test_the_queue_filters_by_kind_and_state(reported, moderator):
    html = moderator.get(f"{QUEUE}?kind=comment").content.decode()
    assert "Rude comment report" in html and "Plagiarised summary" not in html and "Spam question" not in html
    html = moderator.get(f"{QUEUE}?kind=summary").content.decode()
    assert "Plagiarised summary" in html and "Rude comment report" not in html
    Report.objects.update(resolved=True)
    assert "Plagiarised summary" not in moderator.get(QUEUE).content.decode()  # open reports by default
    assert "Plagiarised summary" in moderator.get(f"{QUEUE}?state=resolved").content.decode()
    assert "Rude comment report" not in moderator.get(f"{QUEUE}?state=resolved").content.decode()
    assert "Rude comment report" in moderator.get(f"{QUEUE}?state=all").content.decode()
    assert moderator.get(f"{QUEUE}?kind=bogus&state=bogus&p=x").status_code == 200


def test_hiding_from_the_queue_hides_each_kind_resolves_the_reports_and_logs_it(reported, moderator, client):
    keys = [f"{kind}:{report.pk}" for kind, report in reported["reports"].items()]
    response = csrf_post(moderator, QUEUE, {"action": "hide", "selected": keys})
    assert response.status_code == 302
    for kind in ("summary", "comment", "question", "answer"):
        item = reported[kind]
        item.refresh_from_db()
        assert item.is_hidden, kind
    assert not Report.objects.filter(resolved=False).exists()
    assert not DiscussionReport.objects.filter(resolved=False).exists()
    assert LogEntry.objects.count() == 4
    assert "Rude comment" not in client.get(reported["summary"].paper.get_absolute_url()).content.decode()
    csrf_post(moderator, f"{QUEUE}?state=resolved", {"action": "restore", "selected": keys})
    reported["comment"].refresh_from_db()
    assert not reported["comment"].is_hidden and not Summary.objects.get().is_hidden


def test_dismissing_resolves_the_reports_and_leaves_the_items(reported, moderator):
    keys = [f"comment:{reported['reports']['comment'].pk}", f"summary:{reported['reports']['summary'].pk}"]
    csrf_post(moderator, QUEUE, {"action": "dismiss", "selected": keys})
    assert Report.objects.get().resolved and DiscussionReport.objects.get(comment__isnull=False).resolved
    assert DiscussionReport.objects.filter(resolved=False).count() == 2
    reported["comment"].refresh_from_db()
    assert not reported["comment"].is_hidden


def test_an_action_without_a_choice_changes_nothing_and_says_so(reported, moderator):
    response = csrf_post(moderator, QUEUE, {"action": "", "selected": ["comment:x", "nothing"]}, follow=True)
    assert "Choose an action and at least one report." in response.content.decode()
    assert not DiscussionReport.objects.filter(resolved=True).exists()


def test_the_queue_needs_the_report_permissions(reported, make_user, client):
    assert client.get(QUEUE).status_code == 302  # to the admin's log-in
    staff = make_user("staff", is_staff=True)
    viewer = csrf_client(staff)
    assert viewer.get(QUEUE).status_code == 403
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_report", "view_discussionreport"]))
    viewer = csrf_client(staff)
    html = viewer.get(QUEUE).content.decode()
    assert "Rude comment report" in html and 'name="selected"' not in html
    key = f"comment:{reported['reports']['comment'].pk}"
    assert csrf_post(viewer, QUEUE, {"action": "hide", "selected": [key]}).status_code == 403
    reported["comment"].refresh_from_db()
    assert not reported["comment"].is_hidden


def test_the_queue_reads_a_page_in_a_fixed_number_of_queries(reported, moderator, django_assert_max_num_queries):
    moderator.get(QUEUE)
    with django_assert_max_num_queries(8) as captured:
        moderator.get(QUEUE)
    few = len(captured)
    for n in range(10):
        make_comment(reported["summary"], f"More {n}", author=reported["summary"].author)
        services.report_create(reporter=reported["reports"]["summary"].reporter, reason=f"Again {n}",
                               comment=reported["summary"].comments.get(body=f"More {n}"))
    with django_assert_max_num_queries(few):
        moderator.get(QUEUE)
