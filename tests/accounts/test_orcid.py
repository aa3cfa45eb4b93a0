"""The ORCID iD on the profile form: checked by its ISO 7064 MOD 11-2 character, its address accepted, a link."""

import pytest

from accounts.models import Profile
from accounts.orcid import normalize_orcid, orcid_check_character
from tests.builders import csrf_client, csrf_post

pytestmark = pytest.mark.django_db


def save_profile(user, orcid):
    return csrf_post(csrf_client(user), "/accounts/profile/", {"display_name": "Josiah", "bio": "", "orcid": orcid})


@pytest.mark.parametrize("typed", [
    "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", " http://orcid.org/0000-0002-1825-0097/ ",
])
def test_a_valid_orcid_id_is_saved_bare_and_shown_as_a_link(client, make_user, typed):
    user = make_user("josiah")
    response = save_profile(user, typed)
    assert response.status_code == 302
    assert Profile.objects.get(user=user).orcid == "0000-0002-1825-0097"
    html = client.get("/users/josiah/").content.decode()
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html


def test_the_check_character_may_be_x(make_user):
    assert orcid_check_character("000000021694233") == "X"
    assert normalize_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"
    assert save_profile(make_user(), "0000-0002-1694-233x").status_code == 302


def test_a_wrong_check_character_is_refused_with_the_input_kept(make_user):
    user = make_user()
    response = save_profile(user, "0000-0002-1825-0098")
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a valid ORCID iD" in html and 'value="0000-0002-1825-0098"' in html
    assert Profile.objects.filter(user=user, orcid__gt="").exists() is False


@pytest.mark.parametrize("typed", ["1825-0097", "0000-0002-1825-00977", "https://example.org/0000-0002-1825-0097",
                                   "0000 0002 1825 0097", "<script>"])
def test_a_malformed_orcid_id_is_refused_with_the_input_kept(make_user, typed):
    response = save_profile(make_user(), typed)
    assert response.status_code == 400
    assert "16 characters in four groups" in response.content.decode()


def test_the_orcid_id_can_be_removed(make_user):
    user = make_user()
    save_profile(user, "0000-0002-1825-0097")
    assert save_profile(user, "").status_code == 302
    assert Profile.objects.get(user=user).orcid == ""
