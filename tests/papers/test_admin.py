"""Django admin for curators: every model's list, search, filters, forms and links to the public pages."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
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


def shown(response):
    """The objects an admin changelist lists, in its order."""
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_paper_admin_finds_papers_by_author_and_keyword_each_paper_once(staff_client):
    url = reverse("admin:papers_paper_changelist")
    by_author = shown(staff_client.get(url, {"q": "Abbeel"}))
    expected = set(Paper.objects.filter(authorships__author__name__icontains="Abbeel"))
    assert len(expected) > 1 and set(by_author) == expected and len(by_author) == len(expected)

    # "a" is in most author names: a paper with several such authors is still one row.
    with CaptureQueriesContext(connection) as queries:
        rows = shown(staff_client.get(url, {"q": "a"}))
    assert len(rows) == len(set(rows)) == Paper.objects.count()
    # Author names come from the paper's search document (one row per paper): no DISTINCT over every authorship,
    # which took seconds at 100,000 papers.
    assert not [q["sql"] for q in queries.captured_queries if 'SELECT DISTINCT "papers_paper"."id"' in q["sql"]]

    by_keyword = shown(staff_client.get(url, {"q": "stat.ML"}))
    assert set(by_keyword) == set(Paper.objects.filter(keywords__name="stat.ML")) and by_keyword


def test_paper_admin_search_follows_an_author_rename(staff_client):
    author = Author.objects.get(name="Ofir Nachum")
    author.name = "Ofir Nachum-Renamed"
    author.save()
    rows = shown(staff_client.get(reverse("admin:papers_paper_changelist"), {"q": "Nachum-Renamed"}))
    assert [paper.title for paper in rows] == ["Data-Efficient Hierarchical Reinforcement Learning"]


def test_author_admin_counts_each_authors_papers_and_sorts_by_them(staff_client):
    url = reverse("admin:papers_author_changelist")
    counts = dict(Author.objects.annotate(n=Count("authorships")).values_list("name", "n"))
    rows = shown(staff_client.get(url, {"o": "-3"}))  # the third column, "Papers", descending
    assert [(author.name, author.paper_count) for author in rows[:3]] == sorted(
        counts.items(), key=lambda item: (-item[1], item[0])
    )[:3]
    assert rows[0].paper_count > 1
    assert {author.name: author.paper_count for author in shown(staff_client.get(url))} == counts


def test_author_autocomplete_finds_by_part_of_a_name(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "achu", "app_label": "papers", "model_name": "authorship", "field_name": "author"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Ofir Nachum"]
