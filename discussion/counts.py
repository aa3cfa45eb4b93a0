"""The discussion counts papers store (question_count, unanswered_count, discussion_count), kept current here in the
writing transaction, as summaries keeps summary_count: the paper lists and the "most discussed" sort read them. And
has_discussion: whether the paper has any comment or question at all, hidden and deleted ones included; the paper's
page reads neither when it has none (discussion.threads)."""

from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from discussion.models import Answer, Comment, Question
from papers.models import Paper, count_of, locked_in_pk_order


def papers_discussion_recount(papers, *, lock=True):
    """Recompute the three counts of these papers from their public comments, questions and answers (one UPDATE)."""
    rows = locked_in_pk_order(papers) if lock else papers
    using = papers.db
    questions = Question.objects.using(using).public().filter(paper=OuterRef("pk")).order_by().values("paper")
    answered = Answer.objects.using(using).public().filter(question=OuterRef("pk"))
    answers = (
        Answer.objects.using(using).public().filter(question__is_deleted=False, question__paper=OuterRef("pk"))
        .order_by().values("question__paper")
    )
    comments = (
        Comment.objects.using(using).public().filter(summary__paper=OuterRef("pk")).order_by().values("summary__paper")
    )
    return rows.update(
        has_discussion=has_discussion(Comment, Question, using),
        question_count=count_of(questions),
        unanswered_count=count_of(questions.filter(~Exists(answered))),
        discussion_count=count_of(comments) + count_of(questions) + count_of(answers),
    )


def has_discussion(comment_model, question_model, using):
    """Whether the paper (OuterRef "pk") has any comment or question, in any state. The models are parameters so that
    the migration that filled the column for existing papers (discussion 0003) asks the same with its own."""
    any_comment = comment_model.objects.using(using).filter(summary__paper=OuterRef("pk"))
    any_question = question_model.objects.using(using).filter(paper=OuterRef("pk"))
    return ExpressionWrapper(Q(Exists(any_comment)) | Q(Exists(any_question)), output_field=BooleanField())


def discussion_counts_refresh(*, paper_ids, using=None):
    paper_ids = {pk for pk in paper_ids if pk is not None}
    if not paper_ids:
        return
    with transaction.atomic(using=using):
        papers_discussion_recount(Paper.objects.db_manager(using).filter(pk__in=paper_ids))


def discussion_recount(*, using=None):
    """Every paper: after bulk writes that bypass signals (the generator)."""
    with transaction.atomic(using=using):
        papers_discussion_recount(Paper.objects.db_manager(using).all(), lock=False)
