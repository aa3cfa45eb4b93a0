"""Who may open what: every URL pattern, as an anonymous reader, a plain user, a summary's author and staff.

The table below is the access policy. The walk covers `get_resolver().url_patterns` recursively, so a pattern
added without a row here fails `test_every_url_pattern_has_an_access_expectation`.
"""

import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.confirmation import confirmation_token
from accounts.models import Profile
from claims.models import AuthorClaim
from discussion.models import DiscussionReport
from importers.models import DblpImport, DblpVenue
from notifications.mail import unsubscribe_token
from notifications.models import Follow, MailPreferences, Notification
from papers.models import Paper
from summaries.models import Report, Summary, Vote
from tests.builders import make_answer, make_comment, make_question

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "author", "staff"]

# Outcomes: a status code, or a redirect to a login page (the `next` parameter brings the reader back).
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405
LOGIN = "302 to /accounts/login/"
ADMIN_LOGIN = "302 to /admin/login/"


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in_only(outcome=OK):
    return {"anonymous": LOGIN, "user": outcome, "author": outcome, "staff": outcome}


def author_or_staff():
    return {"anonymous": LOGIN, "user": FORBIDDEN, "author": OK, "staff": OK}


def staff_only(outcome=OK):
    return {"anonymous": ADMIN_LOGIN, "user": ADMIN_LOGIN, "author": ADMIN_LOGIN, "staff": outcome}


# route (as the resolver spells it) -> (the path to request, filled from the objects, {role: outcome})
EXPECTED = {
    # Accounts
    "accounts/signup/": ("/accounts/signup/", {**everyone(REDIRECT), "anonymous": OK}),
    "accounts/profile/": ("/accounts/profile/", signed_in_only()),
    "accounts/login/": ("/accounts/login/", everyone(OK)),
    "accounts/logout/": ("/accounts/logout/", everyone(NOT_ALLOWED)),  # POST only: no logout by a link
    "accounts/password_change/": ("/accounts/password_change/", signed_in_only()),
    "accounts/password_change/done/": ("/accounts/password_change/done/", signed_in_only()),
    "accounts/password_reset/": ("/accounts/password_reset/", everyone(OK)),
    "accounts/password_reset/done/": ("/accounts/password_reset/done/", everyone(OK)),
    # A valid link swaps its token for the session and redirects to the form.
    "accounts/reset/<uidb64>/<token>/": ("/accounts/reset/{o.uid}/{o.token}/", everyone(REDIRECT)),
    "accounts/reset/done/": ("/accounts/reset/done/", everyone(OK)),
    "users/<str:username>/": ("/users/{o.writer.username}/", everyone(OK)),
    # Reading statistics: the writer and staff only.
    "users/<str:username>/stats/": ("/users/{o.writer.username}/stats/", author_or_staff()),
    # The link of the sign-up mail works in any browser, logged in or not; sending it again is a POST.
    "accounts/confirm-email/<str:token>/": ("/accounts/confirm-email/{o.confirmation}/", everyone(OK)),
    "accounts/confirm-email/resend/": ("/accounts/confirm-email/resend/", everyone(NOT_ALLOWED)),
    # People: the directory and pictures are public; one's picture, data and account deletion are one's own.
    "users/": ("/users/", everyone(OK)),
    "avatars/<int:pk>.svg": ("/avatars/{o.writer.pk}.svg", everyone(OK)),
    "avatars/anonymous.svg": ("/avatars/anonymous.svg", everyone(OK)),
    "accounts/avatar/": ("/accounts/avatar/", signed_in_only()),
    "accounts/my-data.zip": ("/accounts/my-data.zip", signed_in_only()),
    "accounts/delete/": ("/accounts/delete/", signed_in_only()),
    # Summaries
    "summaries/shared/<uuid:token>/": ("/summaries/shared/{o.summary.share_token}/", everyone(OK)),
    # The author already summarized this paper: they are sent to their summary's edit page.
    "papers/<int:pk>/<slug:slug>/summaries/new/": (
        "/papers/{o.paper.pk}/{o.paper.slug}/summaries/new/", {**signed_in_only(), "author": REDIRECT},
    ),
    "summaries/<int:pk>/edit/": ("/summaries/{o.summary.pk}/edit/", author_or_staff()),
    "summaries/<int:pk>/delete/": ("/summaries/{o.summary.pk}/delete/", author_or_staff()),
    "summaries/<int:pk>/vote/": ("/summaries/{o.summary.pk}/vote/", everyone(NOT_ALLOWED)),
    # Its author edits or deletes a summary instead of reporting it.
    "summaries/<int:pk>/report/": ("/summaries/{o.summary.pk}/report/", {**signed_in_only(), "author": FORBIDDEN}),
    "markdownx/markdownify/": ("/markdownx/markdownify/", everyone(NOT_ALLOWED)),
    "markdownx/upload/": ("/markdownx/upload/", everyone(NOT_ALLOWED)),
    # Browsing
    "": ("/", everyone(OK)),
    "venues/": ("/venues/", everyone(OK)),
    "venues/<slug:slug>/": ("/venues/{o.venue.slug}/", everyone(OK)),
    "venues/<slug:slug>/<int:year>/": ("/venues/{o.venue.slug}/{o.paper.year}/", everyone(OK)),
    "papers/add/": ("/papers/add/", signed_in_only()),
    "papers/<int:pk>/<slug:slug>/": ("/papers/{o.paper.pk}/{o.paper.slug}/", everyone(OK)),
    "authors/<slug:slug>/": ("/authors/{o.paper_author.slug}/", everyone(OK)),
    "authors/<slug:slug>/claim/": ("/authors/{o.paper_author.slug}/claim/", everyone(NOT_ALLOWED)),  # POST only
    "papers/random/": ("/papers/random/", everyone(REDIRECT)),
    "keywords/<slug:slug>/": ("/keywords/{o.keyword.slug}/", everyone(OK)),
    # Taking data out
    "feeds/latest/": ("/feeds/latest/", everyone(OK)),
    "venues/<slug:slug>/feed/": ("/venues/{o.venue.slug}/feed/", everyone(OK)),
    "papers/<int:pk>/<slug:slug>/feed/": ("/papers/{o.paper.pk}/{o.paper.slug}/feed/", everyone(OK)),
    "authors/<slug:slug>/feed/": ("/authors/{o.paper_author.slug}/feed/", everyone(OK)),
    "papers/<int:pk>/<slug:slug>/bibtex": ("/papers/{o.paper.pk}/{o.paper.slug}/bibtex", everyone(OK)),
    "venues/<slug:slug>/<int:year>/bibtex": ("/venues/{o.venue.slug}/{o.paper.year}/bibtex", everyone(OK)),
    "sitemap.xml": ("/sitemap.xml", everyone(OK)),
    "sitemap-<section>.xml": ("/sitemap-papers.xml", everyone(OK)),
    "search/": ("/search/?q=learning", everyone(OK)),
    # The JSON API: public data only, for everyone
    "api/openapi.json": ("/api/openapi.json", everyone(OK)),
    "api/venues/": ("/api/venues/", everyone(OK)),
    "api/venues/<slug:slug>/": ("/api/venues/{o.venue.slug}/", everyone(OK)),
    "api/venues/<slug:slug>/histogram/": ("/api/venues/{o.venue.slug}/histogram/", everyone(OK)),
    "api/papers/": ("/api/papers/", everyone(OK)),
    "api/papers/<int:pk>/": ("/api/papers/{o.paper.pk}/", everyone(OK)),
    "api/summaries/": ("/api/summaries/", everyone(OK)),
    "api/summaries/<int:pk>/": ("/api/summaries/{o.summary.pk}/", everyone(OK)),
    # Discussion: the writer ("author") of the comment, question and answer changes them; nobody reports their own.
    "summaries/<int:pk>/comments/new/": ("/summaries/{o.summary.pk}/comments/new/", signed_in_only()),
    "comments/<int:pk>/edit/": ("/comments/{o.comment.pk}/edit/", author_or_staff()),
    "comments/<int:pk>/delete/": ("/comments/{o.comment.pk}/delete/", author_or_staff()),
    "comments/<int:pk>/report/": ("/comments/{o.comment.pk}/report/", {**signed_in_only(), "author": FORBIDDEN}),
    "papers/<int:pk>/<slug:slug>/questions/new/": ("/papers/{o.paper.pk}/{o.paper.slug}/questions/new/",
                                                   signed_in_only()),
    "questions/<int:pk>/": ("/questions/{o.question.pk}/", everyone(OK)),
    "questions/<int:pk>/edit/": ("/questions/{o.question.pk}/edit/", author_or_staff()),
    "questions/<int:pk>/delete/": ("/questions/{o.question.pk}/delete/", author_or_staff()),
    "questions/<int:pk>/report/": ("/questions/{o.question.pk}/report/", {**signed_in_only(), "author": FORBIDDEN}),
    "questions/<int:pk>/answers/new/": ("/questions/{o.question.pk}/answers/new/", signed_in_only()),
    "answers/<int:pk>/edit/": ("/answers/{o.answer.pk}/edit/", author_or_staff()),
    "answers/<int:pk>/delete/": ("/answers/{o.answer.pk}/delete/", author_or_staff()),
    "answers/<int:pk>/report/": ("/answers/{o.answer.pk}/report/", {**signed_in_only(), "author": FORBIDDEN}),
    "answers/<int:pk>/vote/": ("/answers/{o.answer.pk}/vote/", everyone(NOT_ALLOWED)),
    "answers/<int:pk>/accept/": ("/answers/{o.answer.pk}/accept/", everyone(NOT_ALLOWED)),
    # Follows and notifications: one's own only; the feed and the unsubscribe link carry their secret.
    "follow/<str:kind>/<int:pk>/": ("/follow/paper/{o.paper.pk}/", everyone(NOT_ALLOWED)),
    "notifications/": ("/notifications/", signed_in_only()),
    "notifications/<int:pk>/": ("/notifications/{o.notification.pk}/",
                                {"anonymous": LOGIN, "user": NOT_FOUND, "author": REDIRECT, "staff": NOT_FOUND}),
    "notifications/read/": ("/notifications/read/", everyone(NOT_ALLOWED)),
    "notifications/settings/": ("/notifications/settings/", signed_in_only()),
    "notifications/feed/regenerate/": ("/notifications/feed/regenerate/", everyone(NOT_ALLOWED)),
    "notifications/feed/<uuid:token>/": ("/notifications/feed/{o.feed_token}/", everyone(OK)),
    "notifications/unsubscribe/<str:token>/": ("/notifications/unsubscribe/{o.unsubscribe}/", everyone(OK)),
    "api/summaries/<int:pk>/comments/": ("/api/summaries/{o.summary.pk}/comments/", everyone(OK)),
    "api/papers/<int:pk>/questions/": ("/api/papers/{o.paper.pk}/questions/", everyone(OK)),
    "api/questions/<int:pk>/": ("/api/questions/{o.question.pk}/", everyone(OK)),
    # The admin: staff only; everyone else is sent to the admin's login page.
    "admin/": ("/admin/", staff_only()),
    "admin/login/": ("/admin/login/", {**everyone(OK), "staff": REDIRECT}),
    # Logging out is a POST; the admin sends whoever is not staff to its index (and so to its login page).
    "admin/logout/": ("/admin/logout/", {**everyone(REDIRECT), "staff": NOT_ALLOWED}),
    "admin/password_change/": ("/admin/password_change/", staff_only()),
    "admin/password_change/done/": ("/admin/password_change/done/", staff_only()),
    # Without its parameters the autocomplete refuses even staff.
    "admin/autocomplete/": ("/admin/autocomplete/", staff_only(FORBIDDEN)),
    "admin/jsi18n/": ("/admin/jsi18n/", staff_only()),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "/admin/r/{o.paper_content_type}/{o.paper.pk}/", staff_only(REDIRECT),
    ),
    "admin/(?P<app_label>auth|papers|summaries|importers|accounts|discussion|notifications|people|claims)/$": (
        "/admin/summaries/", staff_only(),
    ),
    "admin/(?P<url>.*)$": ("/admin/no-such-page/", staff_only(NOT_FOUND)),
    "admin/auth/user/<id>/password/": ("/admin/auth/user/{o.writer.pk}/password/", staff_only()),
}

# Every model in the admin, with the object its change pages are opened for.
# Reports and votes come from readers: the admin cannot add them.
ADMIN_ADD_FORBIDDEN = {"summaries/report", "summaries/vote", "discussion/discussionreport",
                       "notifications/notification", "claims/authorclaim", "people/writer", "importers/dblpimport"}
ADMIN_MODELS = {
    "auth/group": "group",
    "auth/user": "writer",
    "papers/venue": "venue",
    "papers/author": "paper_author",
    "papers/keyword": "keyword",
    "papers/paper": "paper",
    "summaries/summary": "summary",
    "summaries/report": "report",
    "summaries/vote": "vote",
    "accounts/profile": "profile",
    "discussion/comment": "comment",
    "discussion/question": "question",
    "discussion/answer": "answer",
    "discussion/discussionreport": "discussion_report",
    "notifications/follow": "follow",
    "notifications/notification": "notification",
    "claims/authorclaim": "author_claim",
    "people/writer": "writer",  # a writer's row has its user's id
    "discussion/reportqueue": None,  # the combined report queue: its list page only
    "importers/dblpvenue": "dblp_venue",
    "importers/dblpimport": "dblp_import",  # read-only: made by import_dblp, never by hand
}
for _model, _obj in ADMIN_MODELS.items():
    _object_path = f"/admin/{_model}/{{o.{_obj}.pk}}/"
    _add = FORBIDDEN if _model in ADMIN_ADD_FORBIDDEN else OK
    EXPECTED[f"admin/{_model}/"] = (f"/admin/{_model}/", staff_only())
    if _obj is None:
        continue
    EXPECTED.update({
        f"admin/{_model}/add/": (f"/admin/{_model}/add/", staff_only(_add)),
        f"admin/{_model}/<path:object_id>/history/": (_object_path + "history/", staff_only()),
        f"admin/{_model}/<path:object_id>/delete/": (_object_path + "delete/", staff_only()),
        f"admin/{_model}/<path:object_id>/change/": (_object_path + "change/", staff_only()),
        f"admin/{_model}/<path:object_id>/": (_object_path, staff_only(REDIRECT)),  # old URL -> change page
    })


def _join_route(prefix, route):
    """As Django's resolver joins routes (ResolverMatch.route): without the second one's leading ^."""
    return prefix + route.removeprefix("^") if prefix else route


def url_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = _join_route(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, route)
        else:
            yield route


@pytest.fixture
def catalogue(nips2018, make_user):
    """The NIPS 2018 catalogue, a public summary by `writer`, a reader's vote and report on it, and staff."""
    writer = make_user("writer")
    # Logging in invalidates earlier reset links, so the link belongs to a user none of the roles logs in as.
    forgetful = make_user("forgetful")
    reader = make_user("reader")
    staff = make_user("moderator", is_staff=True, is_superuser=True)
    paper = Paper.objects.filter(venue=nips2018, keywords__isnull=False).order_by("pk").first()
    summary = Summary.objects.create(paper=paper, author=writer, body="My **own** summary with $x^2$.")
    comment = make_comment(summary, "My own remark", author=writer)
    question = make_question(paper, author=writer)
    answer = make_answer(question, author=writer)
    notification = Notification.objects.create(recipient=writer, kind="comment", event="comment:x", summary=summary,
                                               comment=comment)
    objects = SimpleNamespace(
        comment=comment, question=question, answer=answer, notification=notification,
        discussion_report=DiscussionReport.objects.create(reporter=reader, comment=comment, reason="Rude."),
        follow=Follow.objects.create(follower=reader, paper=paper),
        feed_token=MailPreferences.of(writer).feed_token,
        unsubscribe=unsubscribe_token(writer.pk, "comment"),
        venue=nips2018,
        paper=paper,
        paper_author=paper.authors.order_by("pk").first(),
        keyword=paper.keywords.order_by("pk").first(),
        writer=writer,
        summary=summary,
        vote=Vote.objects.create(user=reader, summary=summary, value=1),
        report=Report.objects.create(summary=summary, reporter=reader, reason="Looks copied."),
        profile=Profile.objects.create(user=writer, display_name="The Writer"),
        group=Group.objects.create(name="Moderators"),
        paper_content_type=ContentType.objects.get_for_model(Paper).pk,
        uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        token=default_token_generator.make_token(forgetful),
        author_claim=AuthorClaim.objects.create(author=paper.authors.order_by("pk").first(), user=writer),
        dblp_venue=DblpVenue.objects.get(key_prefix="conf/nips/"),
        dblp_import=DblpImport.objects.create(source="/data/dblp.xml.gz", selection="conf/nips/ 2018"),
        confirmation=confirmation_token(forgetful),
    )
    return {"objects": objects, "users": {"anonymous": None, "user": reader, "author": writer, "staff": staff}}


def outcome_of(response, path):
    if response.status_code == 302:
        location = response["Location"]
        for login_path, outcome in (("/accounts/login/", LOGIN), ("/admin/login/", ADMIN_LOGIN)):
            if location.startswith(login_path) and path != login_path:
                assert location == f"{login_path}?next={quote(path, safe='/')}", location
                return outcome
    return response.status_code


def test_every_url_pattern_has_an_access_expectation():
    routes = set(url_routes())
    missing = sorted(routes - set(EXPECTED))
    stale = sorted(set(EXPECTED) - routes)
    assert not missing, f"URL patterns without an access expectation in this file's EXPECTED table: {missing}"
    assert not stale, f"expectations for URL patterns that no longer exist: {stale}"
    assert {f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry} == set(ADMIN_MODELS)


def test_each_expectation_requests_a_path_of_its_own_pattern(catalogue):
    for route, (template, _) in EXPECTED.items():
        path = template.format(o=catalogue["objects"]).partition("?")[0]
        assert resolve(path).route == route, f"{path} resolves to {resolve(path).route!r}, not {route!r}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_access_table_says(catalogue, role):
    client = Client()
    if catalogue["users"][role] is not None:
        client.force_login(catalogue["users"][role])
    wrong = []
    for template, expected in EXPECTED.values():
        path = template.format(o=catalogue["objects"])
        got = outcome_of(client.get(path), path.partition("?")[0])
        if got != expected[role]:
            wrong.append(f"{path}: expected {expected[role]}, got {got}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_a_private_summary_is_not_found_for_other_users_but_its_share_link_works(catalogue):
    objects, users = catalogue["objects"], catalogue["users"]
    Summary.objects.filter(pk=objects.summary.pk).update(is_private=True)
    for role, expected in {"anonymous": LOGIN, "user": NOT_FOUND, "author": OK, "staff": OK}.items():
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        path = f"/summaries/{objects.summary.pk}/edit/"
        assert outcome_of(client.get(path), path) == expected, (role, path)
        path = f"/summaries/{objects.summary.pk}/report/"
        assert outcome_of(client.get(path), path) == (FORBIDDEN if role == "author" else expected), (role, path)
        assert client.get(f"/api/summaries/{objects.summary.pk}/").status_code == NOT_FOUND
        assert client.get(f"/summaries/shared/{objects.summary.share_token}/").status_code == OK
        paper_page = client.get(objects.paper.get_absolute_url()).content.decode()
        # Private means private on the paper page, for staff too (they reach it through the admin).
        assert ("My <strong>own</strong> summary" in paper_page) == (role == "author"), role


def test_writes_on_a_summary_follow_the_same_rules(catalogue):
    """POSTs: only the author or staff may edit or delete; nobody votes on their own summary; anonymous -> login."""
    objects, users = catalogue["objects"], catalogue["users"]
    pk = objects.summary.pk
    edit = {"body": "Rewritten.", "is_private": ""}
    cases = [
        ("anonymous", f"/summaries/{pk}/edit/", edit, LOGIN),
        ("user", f"/summaries/{pk}/edit/", edit, FORBIDDEN),
        ("user", f"/summaries/{pk}/delete/", {}, FORBIDDEN),
        ("anonymous", f"/summaries/{pk}/delete/", {}, LOGIN),
        ("author", f"/summaries/{pk}/vote/", {"value": "1"}, FORBIDDEN),
        ("anonymous", "/markdownx/markdownify/", {"content": "x"}, LOGIN),
        ("anonymous", "/papers/add/", {"method": "manual"}, LOGIN),
    ]
    for role, path, data, expected in cases:
        client = Client()
        if users[role] is not None:
            client.force_login(users[role])
        assert outcome_of(client.post(path, data), path) == expected, (role, path)
    # An anonymous vote goes to the login page with the summary as the way back.
    response = Client().post(f"/summaries/{pk}/vote/", {"value": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/papers/")
    summary = Summary.objects.get(pk=pk)
    assert summary.body == "My **own** summary with $x^2$." and summary.score == 0
    assert Vote.objects.filter(summary=summary).count() == 1  # the reader's, from the fixture

    staff = Client()
    staff.force_login(users["staff"])
    assert staff.post(f"/summaries/{pk}/edit/", edit).status_code == REDIRECT
    assert Summary.objects.get(pk=pk).body == "Rewritten."
    author = Client()
    author.force_login(users["author"])
    assert author.post(f"/summaries/{pk}/delete/").status_code == REDIRECT
    assert not Summary.objects.filter(pk=pk).exists()


def test_the_admin_is_closed_to_users_who_are_not_staff(catalogue):
    client = Client()
    client.force_login(catalogue["users"]["user"])
    response = client.get("/admin/", follow=True)
    assert re.search(r"You are authenticated as reader, but are not authorized", response.content.decode())
