"""'This is me': a user claims an author page, staff approve or refuse it in the admin; an approved claim links the
author page to the profile (with the ORCID iD) and lists the author's papers on the profile."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Profile
from claims.models import AuthorClaim
from claims.services import author_claim_create, author_claim_decide
from papers.models import Author
from tests.builders import csrf_client, csrf_post, make_paper

pytestmark = pytest.mark.django_db

AUTHOR_PAGE = "/authors/ada-lovelace/"
CLAIM = "/authors/ada-lovelace/claim/"


@pytest.fixture
def author():
    make_paper("Sketch of the Analytical Engine", authors=["Ada Lovelace"], year=1843)
    make_paper("Notes on the Engine", authors=["Charles Babbage", "Ada Lovelace"], year=1842)
    return Author.objects.get(slug="ada-lovelace")


@pytest.fixture
def ada(make_user):
    user = make_user("ada")
    Profile.objects.create(user=user, display_name="Ada L.", orcid="0000-0002-1825-0097")
    return user


@pytest.fixture
def staff(make_user):
    return make_user("moderator", is_staff=True, is_superuser=True)


def claim(user):
    return csrf_post(csrf_client(user), CLAIM, form_page=AUTHOR_PAGE)


def test_a_logged_in_user_claims_an_author_page_with_the_button(ada, author):
    page = csrf_client(ada).get(AUTHOR_PAGE).content.decode()
    assert f'action="{CLAIM}"' in page and "This is me" in page
    response = claim(ada)
    assert response.status_code == 302 and response["Location"] == AUTHOR_PAGE
    assert AuthorClaim.objects.get().status == "pending"
    assert "a moderator will review your claim" in csrf_client(ada).get(AUTHOR_PAGE).content.decode()


def test_anonymous_readers_are_asked_to_log_in_and_cannot_claim(client, author):
    assert "Log in to claim this author page" in client.get(AUTHOR_PAGE).content.decode()
    response = csrf_post(csrf_client(), CLAIM, form_page="/accounts/login/")  # the log-in form sets a CSRF cookie
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AuthorClaim.objects.exists()


def test_a_claim_is_a_post_with_a_csrf_token_on_an_existing_author(ada, author):
    client = csrf_client(ada)
    assert client.get(CLAIM).status_code == 405
    assert client.post(CLAIM).status_code == 403
    assert csrf_post(client, "/authors/nobody/claim/", form_page=AUTHOR_PAGE).status_code == 404
    assert not AuthorClaim.objects.exists()


def test_the_same_user_cannot_claim_twice(ada, author):
    claim(ada)
    response = claim(ada)
    assert response.status_code == 409 and "already claimed this author page" in response.content.decode()
    assert AuthorClaim.objects.count() == 1


def test_a_page_approved_as_someone_elses_cannot_be_claimed(ada, author, staff, make_user):
    author_claim_decide(claim=author_claim_create(author=author, user=ada), approve=True, by=staff)
    response = claim(make_user("impostor"))
    assert response.status_code == 409 and "already claimed by another user" in response.content.decode()
    assert AuthorClaim.objects.count() == 1


def test_a_refused_user_may_claim_again(ada, author, staff):
    author_claim_decide(claim=author_claim_create(author=author, user=ada), approve=False, by=staff)
    assert claim(ada).status_code == 302
    assert list(AuthorClaim.objects.order_by("pk").values_list("status", flat=True)) == ["refused", "pending"]


def test_staff_approve_and_refuse_claims_with_admin_actions(ada, author, staff, make_user):
    mine, other = author_claim_create(author=author, user=ada), author_claim_create(author=author, user=make_user())
    admin = csrf_client(staff)
    changelist = "/admin/claims/authorclaim/"
    assert "Ada Lovelace" in admin.get(changelist).content.decode()
    response = csrf_post(admin, changelist, {"action": "approve_claims", "_selected_action": [mine.pk]},
                         form_page=changelist, follow=True)
    assert "1 claim approved." in response.content.decode()
    response = csrf_post(admin, changelist, {"action": "approve_claims", "_selected_action": [other.pk]},
                         form_page=changelist, follow=True)
    assert "already approved" in response.content.decode()
    csrf_post(admin, changelist, {"action": "refuse_claims", "_selected_action": [other.pk]}, form_page=changelist)
    mine.refresh_from_db(), other.refresh_from_db()
    assert (mine.status, mine.decided_by, other.status) == ("approved", staff, "refused")


def test_only_one_approved_claim_per_author_even_past_the_service(ada, author, staff, make_user):
    first, second = author_claim_create(author=author, user=ada), author_claim_create(author=author, user=make_user())
    author_claim_decide(claim=first, approve=True, by=staff)
    with pytest.raises(ValidationError, match="already approved"):
        author_claim_decide(claim=second, approve=True, by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorClaim.objects.filter(pk=second.pk).update(status="approved")


def test_non_staff_cannot_see_or_decide_claims_in_the_admin(ada, author):
    assert csrf_client(ada).get("/admin/claims/authorclaim/").status_code == 302


def test_an_approved_claim_links_the_author_page_to_the_profile_with_the_orcid_id(client, ada, author, staff):
    client.get(AUTHOR_PAGE)  # cached for anonymous readers: the approval must show at once all the same
    author_claim_decide(claim=author_claim_create(author=author, user=ada), approve=True, by=staff)
    page = client.get(AUTHOR_PAGE).content.decode()
    assert 'href="/users/ada/">Ada L.</a>' in page
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in page
    assert "Log in to claim" not in page


def test_the_profile_lists_the_papers_of_the_claimed_author(client, ada, author, staff):
    profile = client.get("/users/ada/").content.decode()
    assert "Papers as an author" not in profile
    author_claim_decide(claim=author_claim_create(author=author, user=ada), approve=True, by=staff)
    profile = client.get("/users/ada/").content.decode()
    assert "Papers as an author" in profile
    assert profile.index("Sketch of the Analytical Engine") < profile.index("Notes on the Engine")  # newest first


def test_a_pending_or_refused_claim_shows_nowhere(client, ada, author, staff):
    pending = author_claim_create(author=author, user=ada)
    assert "/users/ada/" not in client.get(AUTHOR_PAGE).content.decode()
    author_claim_decide(claim=pending, approve=False, by=staff)
    assert "Papers as an author" not in client.get("/users/ada/").content.decode()
