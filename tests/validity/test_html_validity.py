"""Every page type is valid HTML for the Nu HTML Checker (errors, not warnings).

The pages are rendered with the test client from the NIPS 2018 fixture and the shared builders, written to one
folder and checked in a single run of the checker (Java starts slowly). PostgreSQL only: the search page's typo
fallback needs pg_trgm, and one pass of `make test` is enough for a check this slow.
"""

from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from papers.models import Paper
from summaries.models import Summary
from tests.builders import make_comment, make_paper, make_summary
from tests.validity.vnu import html_errors

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MATH_SUMMARY = """# Idea

The loss is $\\mathcal{L}(\\theta) = \\sum_i \\log p_\\theta(x_i)$, and

$$
\\frac{\\partial \\mathcal{L}}{\\partial \\theta} = \\mathbb{E}\\left[\\nabla_\\theta \\log p_\\theta(x)\\right]
$$

## Details

| step | cost |
|------|------|
| one  | $O(n)$ |

### Caveat

`code` and [a link](https://example.org/)."""

# A page the checker must reject: proves it ran over the folder and reports what it finds.
INVALID_CANARY = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>'
    '<body><time datetime="2026-11-29T16:32:56.468000+00:00">then</time></body></html>'
)


def fetch(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, f"{url} answered {response.status_code}, not {status}"
    return response


@pytest.fixture
def pages(nips2018, make_user, settings):
    """Page name -> HTML, one of each page type the site shows."""
    cache.clear()  # rate limit counters of earlier tests
    settings.CACHE_PAGES = False
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    author = paper.authors.order_by("pk").first()
    keyword = paper.keywords.order_by("pk").first()
    writer = make_user("writer", first_name="Ada", last_name="Writer")
    reader = make_user("reader")
    with_math = make_summary(paper, MATH_SUMMARY, author=writer, attribution="")
    Summary.objects.filter(pk=with_math.pk).update(score=2)
    bare = make_paper("A paper nobody has summarized yet", venue=nips2018, year=2018, authors=["Grace Hopper"])
    private = make_summary(bare, "Only for those with the link: $x^2$.", author=writer, attribution="", is_private=True)

    anonymous = Client()
    logged_in = Client()
    logged_in.force_login(writer)
    other = Client()
    other.force_login(reader)

    html = {}

    def add(name, response):
        html[name] = response.content.decode()

    add("home", fetch(anonymous, "/"))
    add("home-top", fetch(anonymous, "/?tab=top"))
    add("venues", fetch(anonymous, "/venues/"))
    add("venue", fetch(anonymous, "/venues/nips/"))
    venue_year = fetch(anonymous, "/venues/nips/2018/")
    add("venue-year", venue_year)
    for sort, _label in venue_year.context["sorts"]:
        add(f"venue-year-{sort}", fetch(anonymous, f"/venues/nips/2018/?sort={sort}"))
    add("venue-year-summarized", fetch(anonymous, "/venues/nips/2018/?summarized=1"))
    add("venue-year-logged-in", fetch(logged_in, "/venues/nips/2018/"))  # "no summary yet — write the first"
    make_paper("Alone in 2017", venue=nips2018, year=2017)
    add("venue-year-summarized-none", fetch(anonymous, "/venues/nips/2017/?summarized=1"))
    add("paper-with-summaries", fetch(anonymous, paper.get_absolute_url()))
    add("paper-with-summaries-logged-in", fetch(logged_in, paper.get_absolute_url()))
    add("paper-without-summaries", fetch(anonymous, bare.get_absolute_url()))
    for seeded in Paper.objects.filter(venue=nips2018).exclude(pk__in=[paper.pk, bare.pk]):
        add(f"paper-{seeded.pk}", fetch(anonymous, seeded.get_absolute_url()))  # every seeded summary's layout
    add("summary-share-private", fetch(anonymous, private.get_share_url()))
    shared_comment = make_comment(private, "A comment by the link: $y^2$.", author=reader)
    make_comment(private, "A reply.", author=writer, reply_to=shared_comment)
    add("summary-share-private-comments", fetch(other, private.get_share_url()))
    add("author", fetch(anonymous, author.get_absolute_url()))
    add("author-by-title", fetch(anonymous, f"{author.get_absolute_url()}?sort=title"))
    add("keyword", fetch(anonymous, keyword.get_absolute_url()))
    add("search-results", fetch(anonymous, "/search/?q=reinforcement+learning"))
    add("search-none", fetch(anonymous, "/search/?q=zzzzqqq"))
    typo = fetch(anonymous, "/search/?q=hierarchicl+reinforcment")
    assert typo.context["similar_titles"], "the misspelled search did not fall back to similar titles"
    add("search-typo-fallback", typo)
    add("search-filters-only", fetch(anonymous, "/search/?venue=nips&year=2018"))
    add("search-form-errors", fetch(anonymous, "/search/?q=x&year_from=2020&year_to=2010", status=400))
    add("search-empty", fetch(anonymous, "/search/"))
    add("signup", fetch(anonymous, "/accounts/signup/"))
    add("login", fetch(anonymous, "/accounts/login/"))
    add("password-reset", fetch(anonymous, "/accounts/password_reset/"))
    add("password-reset-done", fetch(anonymous, "/accounts/password_reset/done/"))
    uid, token = urlsafe_base64_encode(force_bytes(reader.pk)), default_token_generator.make_token(reader)
    add("password-reset-confirm", fetch(Client(), f"/accounts/reset/{uid}/{token}/", follow=True))
    add("password-reset-complete", fetch(anonymous, "/accounts/reset/done/"))
    add("profile", fetch(anonymous, f"/users/{writer.username}/"))
    add("profile-edit", fetch(logged_in, "/accounts/profile/"))
    shy = make_user("shy")
    make_summary(bare, "Written by someone who stays *anonymous*.", author=shy, is_anonymous=True)
    shy_client = Client()
    shy_client.force_login(shy)
    add("paper-with-anonymous-summary", fetch(anonymous, bare.get_absolute_url()))
    add("paper-with-anonymous-summary-writer", fetch(shy_client, bare.get_absolute_url()))
    add("profile-own", fetch(shy_client, "/users/shy/"))
    for sort in ["reputation", "name", "newest"]:
        add(f"writers-{sort}", fetch(anonymous, f"/users/?sort={sort}"))
    add("avatar-edit", fetch(logged_in, "/accounts/avatar/"))
    add("avatar-edit-error", other.post("/accounts/avatar/", {}))
    add("account-delete", fetch(logged_in, "/accounts/delete/"))
    add("account-delete-error", other.post("/accounts/delete/", {"summaries": "delete", "password": "wrong"}))
    add("password-change", fetch(logged_in, "/accounts/password_change/"))
    add("summary-editor-new", fetch(other, f"/papers/{bare.pk}/{bare.slug}/summaries/new/"))
    add("summary-editor-edit", fetch(logged_in, f"/summaries/{with_math.pk}/edit/"))
    add("summary-delete", fetch(logged_in, f"/summaries/{with_math.pk}/delete/"))
    add("summary-report", fetch(other, f"/summaries/{with_math.pk}/report/"))
    add("paper-add", fetch(logged_in, "/papers/add/"))
    add("404", fetch(anonymous, "/no/such/page/", status=404))
    add("403", fetch(other, f"/summaries/{with_math.pk}/edit/", status=403))
    refused = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "reader"})
    assert refused.status_code == 403
    add("403-csrf", refused)
    add("405", fetch(anonymous, "/accounts/logout/", status=405))
    settings.RATELIMITS = {**settings.RATELIMITS, "vote": "0/m"}
    too_many = other.post(f"/summaries/{with_math.pk}/vote/", {"value": "1"})
    assert too_many.status_code == 429
    add("429", too_many)
    down = OperationalError("connection failed")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=down):
        add("503", fetch(Client(raise_request_exception=False), "/", status=503))
    add("admin-login", fetch(anonymous, "/admin/login/"))
    add_people_pages(add, writer=writer, logged_in=logged_in, other=other, anonymous=anonymous, author=author)
    return html


def add_people_pages(add, *, writer, logged_in, other, anonymous, author):
    """Reading statistics, ORCID, author claims, address confirmation and /papers/random/ (issue 16)."""
    from accounts.confirmation import confirmation_token
    from accounts.models import Profile
    from claims.services import author_claim_create, author_claim_decide
    from readership import counter

    for _ in range(3):
        fetch(anonymous, writer.summaries.first().paper.get_absolute_url(), headers={"user-agent": "Mozilla/5.0"})
    counter.flush()
    add("writer-stats", fetch(logged_in, f"/users/{writer.username}/stats/"))
    add("profile-edit-orcid-error", fetch_post(logged_in, "/accounts/profile/",
                                               {"display_name": "", "bio": "", "orcid": "0000-0002-1825-0098"}, 400))
    add("author-claim-button", fetch(other, author.get_absolute_url()))
    add("author-claim-login", fetch(anonymous, author.get_absolute_url()))
    claim = author_claim_create(author=author, user=writer)
    add("author-claim-pending", fetch(logged_in, author.get_absolute_url()))
    Profile.objects.update_or_create(user=writer, defaults={"orcid": "0000-0002-1825-0097"})
    author_claim_decide(claim=claim, approve=True, by=writer)
    add("author-claimed", fetch(anonymous, author.get_absolute_url()))
    add("profile-claimed-orcid", fetch(anonymous, f"/users/{writer.username}/"))
    add("claim-refused", fetch_post(other, f"{author.get_absolute_url()}claim/", {}, 409))
    add("email-confirmed", fetch(anonymous, f"/accounts/confirm-email/{confirmation_token(writer)}/"))
    add("email-confirm-invalid", fetch(anonymous, "/accounts/confirm-email/broken/", status=400))
    Paper.objects.update(summary_count=0)  # last: a catalogue where no paper has a public summary
    add("paper-random-none", fetch(anonymous, "/papers/random/", status=404))


def fetch_post(client, url, data, status):
    response = client.post(url, data)
    assert response.status_code == status, f"{url} answered {response.status_code}, not {status}"
    return response


def test_every_page_type_is_valid_html(pages, tmp_path):
    for name, text in pages.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    (tmp_path / "canary.html").write_text(INVALID_CANARY, encoding="utf-8")

    errors = html_errors(tmp_path)

    assert "canary.html" in errors, "the checker found nothing wrong with a page that is invalid"
    del errors["canary.html"]
    report = [f"{page}:\n" + "\n".join(f"  {error}" for error in found) for page, found in sorted(errors.items())]
    assert not errors, f"{len(errors)} of {len(pages)} pages are not valid HTML:\n" + "\n".join(report)
