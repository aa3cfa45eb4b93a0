"""The discussion of the synthetic catalogue: readers, comments under public summaries (a third of them replies),
questions about papers and their answers, long-tailed (most summaries and papers have none, a few have many). Of
the papers with five public summaries the benchmark reads two (`benchmark_papers()`): the first gets exactly 20
comments (6 of them replies) and 5 questions, the second no discussion at all (the paper page as it was before).

Drawn from a Random of its own (seed + 1), so adding the discussion changes nothing else of a seeded catalogue.
Bodies come from a small pool rendered once, like the summaries'.
"""

import bisect
import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count

from bench.synthetic.bulk import batches
from bench.synthetic.summaries import CATALOGUE_DATE
from bench.synthetic.text import zipf_cum_weights
from discussion.counts import discussion_recount
from discussion.models import Answer, Comment, Question
from papers.models import Paper
from summaries.models import Summary, visible_summaries_q
from summaries.rendering import render_with_excerpt

READERS = 500
SHOWCASE_COMMENTS, SHOWCASE_REPLIES, SHOWCASE_QUESTIONS = 20, 6, 5
REMARKS = [
    "Is the bound in eq. (3) tight? With $\\epsilon \\to 0$ it seems to diverge.",
    "Nice summary. The ablation in Table 2 matters more than the headline result, I think.",
    "Small correction: the loss is $\\mathcal{L} = -\\sum_i \\log p(y_i \\mid x_i)$, not its mean.",
    "Has anyone reproduced this on a single GPU?",
    "The follow-up paper fixes the variance problem mentioned here.",
    "Why not compare against the $k$-NN baseline?",
]
QUESTIONS = ["How is $\\lambda$ chosen in the experiments?", "Is the code available?",
             "Does the result hold for non-convex $f$?", "What batch size reproduces Table 1?"]


def _readers():
    User = get_user_model()
    names = [f"synthetic-reader-{n}" for n in range(1, READERS + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=name, password="!") for name in names if name not in existing])
    return list(User.objects.filter(username__in=names).values_list("pk", flat=True))


def _pool(texts):
    return [(text, *render_with_excerpt(text)) for text in texts]


def _when(rng):
    return CATALOGUE_DATE - dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))


def _long_tail(rng, items, count):
    """`count` draws from `items`, a few of them often, most never."""
    order = list(items)
    rng.shuffle(order)
    cum = zipf_cum_weights(len(order), exponent=0.8, offset=5.0)
    return [order[bisect.bisect_left(cum, rng.random() * cum[-1])] for _ in range(count)]


def analyze(*models):
    """Give PostgreSQL's planner the statistics of tables just filled in this transaction: without them it reads the
    recount's per-paper subqueries by scanning the comments for every paper (10k papers: 428 s; with them, seconds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def benchmark_papers():
    """(plain, showcase): the first two papers with five public summaries (either None in a tiny catalogue). The
    showcase carries the benchmark's discussion; the plain one none, for the paper page without discussion."""
    found = list(Paper.objects.annotate(n=Count("summaries", filter=visible_summaries_q("summaries__")))
                 .filter(n=5).order_by("pk").values_list("pk", flat=True)[:2])
    showcase, plain = (found + [None, None])[:2]
    return plain, showcase


def create_discussion(*, seed, comments, questions, batch_size, progress):
    """Write the discussion in the caller's transaction; returns (comments, questions, answers) written."""
    rng = random.Random(seed + 1)
    readers = _readers()
    remarks, asks = _pool(REMARKS), _pool(QUESTIONS)
    plain, showcase = benchmark_papers()
    benchmarked = {pk for pk in (plain, showcase) if pk is not None}
    public = list(Summary.objects.filter(visible_summaries_q()).exclude(paper_id__in=benchmarked)
                  .values_list("pk", flat=True))
    written = [0, 0, 0]

    def written_row(model, **fields):
        body, html, excerpt = rng.choice(remarks if model is not Question else asks)
        when = _when(rng)
        return model(author_id=rng.choice(readers), body=body, body_html=html, excerpt=excerpt, created=when,
                     updated=when, **fields)

    def write_comments(targets, replies):
        """Top-level comments on `targets`; replies to half of them at random, or to the first `replies`."""
        for batch in batches(targets, batch_size):
            roots = Comment.objects.bulk_create([written_row(Comment, summary_id=pk) for pk in batch])
            answered = [c for c in roots if rng.random() < 0.5] if replies is None else roots[:replies]
            replies_rows = [written_row(Comment, summary_id=c.summary_id, thread_id=c.pk, reply_to_id=c.pk)
                            for c in answered]
            Comment.objects.bulk_create(replies_rows)
            written[0] += len(roots) + len(replies_rows)
            progress("comments", written[0], comments + SHOWCASE_COMMENTS)

    def write_questions(papers):
        for batch in batches(papers, batch_size):
            rows = [written_row(Question, paper_id=pk, title=rng.choice(QUESTIONS)[:200],
                                category=rng.choice(Question.Category.values)) for pk in batch]
            rows = Question.objects.bulk_create(rows)
            answers = [written_row(Answer, question_id=q.pk, score=rng.randint(-1, 5))
                       for q in rows for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
            Answer.objects.bulk_create(answers)
            written[1] += len(rows)
            written[2] += len(answers)
            progress("questions", written[1], questions + SHOWCASE_QUESTIONS)

    write_comments(_long_tail(rng, public, comments) if public else [], replies=None)
    papers = list(Paper.objects.exclude(pk__in=benchmarked).values_list("pk", flat=True))
    write_questions(_long_tail(rng, papers, questions) if papers else [])
    if showcase is not None:
        shown = Summary.objects.filter(visible_summaries_q(), paper_id=showcase).order_by("pk")
        summaries = list(shown.values_list("pk", flat=True))
        roots = SHOWCASE_COMMENTS - SHOWCASE_REPLIES
        write_comments([summaries[n % len(summaries)] for n in range(roots)], replies=SHOWCASE_REPLIES)
        write_questions([showcase] * SHOWCASE_QUESTIONS)
    analyze(Comment, Question, Answer, Summary, Paper)
    discussion_recount()  # bulk_create sends no signals
    return tuple(written)
