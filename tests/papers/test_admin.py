"""Django admin for curators: every model's list, search, filters, forms and links to the public pages."""

import pytest
from django.urls import reverse

from papers.models import Author, Keyword, Paper, Venue
from summaries.models import Summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, nips2018, django_user_model):
    admin = django_user_model.objects.create_superuser("curator", "curator@example.org", "long enough password 1")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", [Venue, Author, Keyword, Paper, Summary])
def test_changelist_search_and_change_form_open(staff_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = staff_client.get(changelist)
    assert response.status_code == 200
    obj = model.objects.first()
    assert obj.get_absolute_url().split("#")[0] in response.content.decode()  # link to the public page
    assert staff_client.get(changelist, {"q": "a"}).status_code == 200
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert staff_client.get(change).status_code == 200
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_paper_admin_filters_and_shows_ordered_authorship_inline(staff_client):
    url = reverse("admin:papers_paper_changelist")
    html = staff_client.get(url, {"year": 2018, "provenance": "arXiv"}).content.decode()
    assert "Data-Efficient Hierarchical Reinforcement Learning" in html
    assert "Thwarting Adversarial Examples" not in html
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    html = staff_client.get(reverse("admin:papers_paper_change", args=[paper.pk])).content.decode()
    assert 'name="authorships-0-position"' in html and "Ofir Nachum" in html
    # Authors are picked with autocomplete, not a 10,000-row select.
    assert "admin-autocomplete" in html


def test_author_autocomplete_answers(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "Levine", "app_label": "papers", "model_name": "authorship", "field_name": "author"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Sergey Levine"


def test_summary_edited_in_admin_is_rendered_again(staff_client):
    summary = Summary.objects.select_related("paper").first()
    url = reverse("admin:summaries_summary_change", args=[summary.pk])
    response = staff_client.post(url, {
        "paper": summary.paper_id, "author": "", "attribution": summary.attribution,
        "body": "## Edited\n\nNow with $\\frac{a}{b}$.",
    })
    assert response.status_code == 302
    summary.refresh_from_db()
    assert "<h4>Edited</h4>" in summary.body_html and "<mfrac>" in summary.body_html


def test_admin_is_for_staff_only(client, nips2018, make_user):
    assert client.get("/admin/").status_code == 302
    client.force_login(make_user())
    response = client.get("/admin/papers/paper/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
