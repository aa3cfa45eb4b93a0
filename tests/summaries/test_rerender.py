"""manage.py rerender_summaries brings stored HTML up to date with the pipeline, and only touches what changed."""

import pytest
from django.core.management import call_command

from summaries.models import Summary

pytestmark = pytest.mark.django_db


def test_rerender_restores_html_from_markdown_and_leaves_the_rest(nips2018, capsys):
    stale = Summary.objects.order_by("pk").first()
    Summary.objects.filter(pk=stale.pk).update(body_html="<p>old pipeline output</p>")
    untouched = Summary.objects.exclude(pk=stale.pk).values_list("pk", "updated", "body_html")
    before = {pk: (updated, html) for pk, updated, html in untouched}

    call_command("rerender_summaries")

    stale.refresh_from_db()
    assert "old pipeline output" not in stale.body_html and "<math" in stale.body_html
    after = {pk: (updated, html) for pk, updated, html in
             Summary.objects.exclude(pk=stale.pk).values_list("pk", "updated", "body_html")}
    assert after == before
    assert "1 of 22 summaries re-rendered" in capsys.readouterr().out
