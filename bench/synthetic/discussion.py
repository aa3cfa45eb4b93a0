"""The discussion of the synthetic catalogue: readers, comments under public summaries (a third of them replies),
questions about papers and their answers, long-tailed (most summaries and papers have none, a few have many). The
paper the benchmark reads (the first with five public summaries) gets 20 comments and 5 questions.

Drawn from a Random of its own (seed + 1), so adding the discussion changes nothing else of a seeded catalogue.
Bodies come from a small pool rendered once, like the summaries'.
"""

import bisect
import datetime as dt
import random

from django.contrib.auth import get_user_model
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
SHOWCASE_COMMENTS, SHOWCASE_QUESTIONS = 20, 5
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


def create_discussion(*, seed, comments, questions, batch_size, progress):
    """Write the discussion in the caller's transaction; returns (comments, questions, answers) written."""
    rng = random.Random(seed + 1)
    readers = _readers()
    remarks, asks = _pool(REMARKS), _pool(QUESTIONS)
    public = list(Summary.objects.filter(visible_summaries_q()).values_list("pk", flat=True))
    showcase = (Paper.objects.annotate(n=Count("summaries", filter=visible_summaries_q("summaries__")))
                .filter(n=5).order_by("pk").values_list("pk", flat=True).first())
    targets = _long_tail(rng, public, comments) if public else []
    if showcase:
        targets += list(Summary.objects.filter(paper_id=showcase).values_list("pk", flat=True)) * 4
    written = [0, 0, 0]

    def written_row(model, **fields):
        body, html, excerpt = rng.choice(remarks if model is not Question else asks)
        when = _when(rng)
        return model(author_id=rng.choice(readers), body=body, body_html=html, excerpt=excerpt, created=when,
                     updated=when, **fields)

    for batch in batches(targets, batch_size):
        roots = Comment.objects.bulk_create([written_row(Comment, summary_id=pk) for pk in batch])
        replies = [written_row(Comment, summary_id=c.summary_id, thread_id=c.pk, reply_to_id=c.pk)
                   for c in roots if rng.random() < 0.5]
        Comment.objects.bulk_create(replies)
        written[0] += len(roots) + len(replies)
        progress("comments", written[0], len(targets))
    papers = list(Paper.objects.values_list("pk", flat=True))
    asked = (_long_tail(rng, papers, questions) if papers else []) + [showcase] * SHOWCASE_QUESTIONS * bool(showcase)
    for batch in batches(asked, batch_size):
        rows = [written_row(Question, paper_id=pk, title=rng.choice(QUESTIONS)[:200],
                            category=rng.choice(Question.Category.values)) for pk in batch]
        rows = Question.objects.bulk_create(rows)
        answers = [written_row(Answer, question_id=q.pk, score=rng.randint(-1, 5))
                   for q in rows for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
        Answer.objects.bulk_create(answers)
        written[1] += len(rows)
        written[2] += len(answers)
        progress("questions", written[1], len(asked))
    discussion_recount()  # bulk_create sends no signals
    return tuple(written)
