"""generate_catalogue: a realistic synthetic catalogue, the same for the same seed, that the pages can serve."""

import re
import statistics
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from papers.models import Author, Authorship, Keyword, Paper, Venue
from summaries.models import Summary

pytestmark = pytest.mark.django_db

SMALL = {"papers": 200, "summaries": 600, "venues": 5, "summary_pool": 40}


def generate(**options):
    out = StringIO()
    call_command("generate_catalogue", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


def snapshot():
    """The catalogue's content, without database ids."""
    papers = [
        (p.title, p.slug, p.year, p.venue.short_name, p.arxiv_id, [a.author.name for a in p.authorships.all()],
         sorted(k.name for k in p.keywords.all()))
        for p in Paper.objects.select_related("venue").prefetch_related(
            "authorships__author", "keywords"
        ).order_by("slug")
    ]
    summaries = sorted(
        (s.paper.slug, s.attribution, s.created.isoformat(), s.is_hidden, s.is_private, s.body)
        for s in Summary.objects.select_related("paper")
    )
    return papers, summaries


def delete_catalogue():
    Summary.objects.all().delete()
    Paper.objects.all().delete()
    Author.objects.all().delete()
    Keyword.objects.all().delete()
    Venue.objects.all().delete()


def test_creates_the_requested_numbers_of_rows_and_reports_progress():
    output = generate()
    assert Paper.objects.count() == 200
    assert Summary.objects.count() == 600
    assert Venue.objects.count() == 5
    assert Venue.objects.exclude(description="").count() == 5
    assert re.search(r"papers\s+200/200", output)
    assert re.search(r"summaries\s+600/600", output)
    assert "Created 200 papers, 600 summaries (40 distinct bodies)" in output


def test_papers_have_one_to_fifteen_authors_in_byline_order_and_one_to_five_keywords():
    generate()
    positions = {}
    for paper_id, position in Authorship.objects.values_list("paper_id", "position"):
        positions.setdefault(paper_id, []).append(position)
    assert len(positions) == 200
    assert all(sorted(p) == list(range(len(p))) and 1 <= len(p) <= 15 for p in positions.values())
    assert max(len(p) for p in positions.values()) >= 8  # some large collaborations
    keyword_counts = Paper.objects.annotate(n=Count("keywords")).values_list("n", flat=True)
    assert set(keyword_counts) <= {1, 2, 3, 4, 5}


def test_authors_are_shared_across_papers_with_a_long_tail():
    generate()
    papers_per_author = sorted(Author.objects.annotate(n=Count("authorships")).values_list("n", flat=True))
    assert sum(papers_per_author) == Authorship.objects.count()
    assert len(papers_per_author) < Authorship.objects.count() / 2  # shared: far fewer authors than bylines
    assert min(papers_per_author) >= 1  # only authors who wrote something are created
    assert papers_per_author[-1] >= 5 * statistics.median(papers_per_author)  # a few prolific authors ...
    assert papers_per_author.count(1) >= len(papers_per_author) / 5  # ... and many with a single paper


def test_years_venues_and_summaries_look_like_the_real_catalogue():
    generate()
    years = set(Paper.objects.values_list("year", flat=True))
    assert min(years) >= 1987 and max(years) <= 2026
    assert len(years) >= 10
    assert Paper.objects.filter(year__gte=2016).count() > Paper.objects.filter(year__lt=2016).count()
    bodies = list(Summary.objects.values_list("body", "body_html"))
    assert all(400 <= len(body) <= 8500 for body, _ in bodies)
    assert any("$$" in body for body, _ in bodies) and any(re.search(r"[^$]\$[^$]", body) for body, _ in bodies)
    assert all("<math" in html and "<script" not in html for body, html in bodies if "$" in body)
    counts = Paper.objects.annotate(n=Count("summaries")).values_list("n", flat=True)
    assert 0 in counts and max(counts) >= 5  # a long tail: some papers have none, a few have many


def test_the_same_seed_gives_the_same_catalogue_and_another_seed_a_different_one():
    generate(seed=7)
    first = snapshot()
    delete_catalogue()
    generate(seed=7)
    assert snapshot() == first
    delete_catalogue()
    generate(seed=8)
    assert snapshot()[0] != first[0]


def test_generating_again_adds_rows_with_fresh_unique_slugs_and_arxiv_ids():
    generate(seed=3)
    generate(seed=3)  # the same titles again: slugs and arXiv ids must not clash with the stored ones
    assert Paper.objects.count() == 400
    assert Paper.objects.values("slug").distinct().count() == 400
    assert Author.objects.values("slug").distinct().count() == Author.objects.count()
    arxiv_ids = list(Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
    assert len(arxiv_ids) == len(set(arxiv_ids)) > 0
    assert Venue.objects.count() == 5  # the venues are reused, not duplicated


def test_pages_of_the_generated_catalogue_answer(client):
    generate()
    venue = Venue.objects.annotate(n=Count("papers")).order_by("-n").first()
    paper = Paper.objects.annotate(n=Count("summaries")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("authorships")).order_by("-n").first()
    pages = [
        "/", venue.get_absolute_url(), f"/venues/{venue.slug}/{paper.year}/" if paper.venue == venue else None,
        paper.get_absolute_url(), author.get_absolute_url(),
    ]
    for url in filter(None, pages):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(paper.get_absolute_url()).content.decode()
    assert paper.title in html and "<math" in html


def test_rejects_a_summary_pool_of_zero():
    with pytest.raises(Exception, match="--summary-pool must be at least 1"):
        generate(summary_pool=0)
    assert Paper.objects.count() == 0


def test_the_discussion_is_long_tailed_and_the_benchmarked_paper_has_20_comments_and_5_questions():
    from bench.synthetic.discussion import benchmark_papers
    from discussion.models import Answer, Comment, Question

    generate(comments=300, questions=50)
    assert Comment.objects.count() >= 300 and Comment.objects.filter(thread__isnull=False).exists()
    assert Question.objects.count() >= 50 and Answer.objects.exists()
    per_summary = sorted(Comment.objects.values("summary").annotate(n=Count("pk")).values_list("n", flat=True))
    assert per_summary[-1] >= 5 * statistics.median(per_summary)
    plain, showcase = benchmark_papers()
    assert plain is not None and showcase is not None
    assert Comment.objects.filter(summary__paper=showcase).count() == SHOWCASE_COMMENTS
    assert Comment.objects.filter(summary__paper=showcase, thread__isnull=False).exists()
    assert Question.objects.filter(paper=showcase).count() == SHOWCASE_QUESTIONS
    assert not Comment.objects.filter(summary__paper=plain).exists()
    assert not Question.objects.filter(paper=plain).exists()
    assert Paper.objects.filter(discussion_count__gt=0).exists()


SHOWCASE_COMMENTS, SHOWCASE_QUESTIONS = 20, 5
