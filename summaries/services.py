"""Writes on summaries: creating, editing, deleting, voting, reporting and moderating."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from pagecache.models import versions_changed
from papers.pagekeys import paper_page_keys
from summaries.models import DUPLICATE_SUMMARY_MESSAGE, Report, Summary, Vote
from summaries.signals import summary_voted


@transaction.atomic
def summary_create(*, paper, author, body: str, is_private: bool = False, is_anonymous: bool = False) -> Summary:
    """A user's summary of a paper; one per user per paper (ValidationError on a second one)."""
    summary = Summary(paper=paper, author=author, body=body, is_private=is_private, is_anonymous=is_anonymous)
    summary.full_clean()  # also checks the one-per-user-per-paper constraint
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError(DUPLICATE_SUMMARY_MESSAGE) from exc
    return summary


@transaction.atomic
def summary_update(*, summary: Summary, body: str, is_private: bool, is_anonymous: bool | None = None) -> Summary:
    summary.body = body
    summary.is_private = is_private
    if is_anonymous is not None:
        summary.is_anonymous = is_anonymous
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def summary_delete(*, summary: Summary) -> None:
    summary.delete()


@transaction.atomic
def summary_vote(*, summary: Summary, user, value: int) -> int:
    """Record `user`'s vote (+1, -1, or 0 to withdraw it) and return the summary's new score.

    Safe under concurrent requests: the vote row is unique per (user, summary) in the database, the row is locked
    before it changes, and the score moves by the difference with an UPDATE ... SET score = score + delta.
    """
    if value not in (1, -1, 0):
        raise ValidationError("A vote is +1 or -1.")
    if summary.author_id is not None and summary.author_id == user.pk:
        raise ValidationError("You cannot vote on your own summary.")
    if summary.is_private or summary.is_hidden:
        raise ValidationError("Votes are for public summaries only.")
    vote = Vote.objects.select_for_update().filter(user=user, summary=summary).first()
    if vote is None and value:
        try:
            with transaction.atomic():
                Vote.objects.create(user=user, summary=summary, value=value)
        except IntegrityError:  # the same user's concurrent request inserted first: change that row instead
            vote = Vote.objects.select_for_update().get(user=user, summary=summary)
    if vote is None:
        delta = value
    else:
        delta = value - vote.value
        if value:
            vote.value = value
            vote.save(update_fields=["value", "updated"])
        else:
            vote.delete()
    if delta:
        Summary.objects.filter(pk=summary.pk).update(score=F("score") + delta)
        versions_changed(paper_page_keys([summary.paper_id]))  # pages show the score
        summary_voted.send(sender=Summary, summary=summary, delta=delta)
    return Summary.objects.values_list("score", flat=True).get(pk=summary.pk)


@transaction.atomic
def report_create(*, summary: Summary, reporter, reason: str) -> Report:
    """A reader's report; a second open report by the same reader on the same summary updates the first."""
    report = Report.objects.select_for_update().filter(summary=summary, reporter=reporter, resolved=False).first()
    if report is None:
        report = Report(summary=summary, reporter=reporter)
    report.reason = reason
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # a concurrent identical report: it already says the same thing
        report = Report.objects.get(summary=summary, reporter=reporter, resolved=False)
    return report


@transaction.atomic
def summary_set_hidden(*, summary: Summary, hidden: bool) -> bool:
    """Hide or restore a summary; its open reports are resolved. Returns whether the summary changed."""
    changed = summary.is_hidden != hidden
    if changed:
        summary.is_hidden = hidden
        # Not an edit by its author (`updated` stays); the counts, the search index and the page cache follow
        # through the save signals.
        summary.save(update_fields=["is_hidden"])
    summary.reports.filter(resolved=False).update(resolved=True)
    return changed

