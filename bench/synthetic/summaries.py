"""Summaries of the synthetic catalogue: a pool of generated bodies rendered once, spread over the papers with a
long tail (popular papers get many summaries, most get none or one).
"""

import bisect
import datetime as dt
import multiprocessing
import uuid

from django.db import connections

from bench.synthetic.bulk import batches, row_writer, validate_sample
from bench.synthetic.text import zipf_cum_weights
from summaries.models import Summary
from summaries.rendering import render_with_excerpt

# Summaries are dated between the later of 2016 (when the site opened) and the paper's publication, and this day.
SUMMARIES_OPENED = dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
CATALOGUE_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def render_body(body):
    """(body_html, excerpt) of one Markdown body, as the site stores them: the generator's only call to rendering."""
    return render_with_excerpt(body)


def render_pool(bodies):
    """(body, body_html, excerpt) of each Markdown body, on every core when there are many (rendering is CPU-bound)."""
    in_transaction = any(conn.in_atomic_block for conn in connections.all(initialized_only=True))
    if len(bodies) < 200 or in_transaction:
        rendered = [render_body(body) for body in bodies]
    else:
        for conn in connections.all(initialized_only=True):
            conn.close()  # forked workers must not share the parent's database socket
        with multiprocessing.get_context("fork").Pool() as pool:
            rendered = pool.map(render_body, bodies, chunksize=25)
    return [(body, body_html, excerpt) for body, (body_html, excerpt) in zip(bodies, rendered, strict=True)]


def create_summaries(rng, count, paper_ids, paper_dates, pool, batch_size, progress):
    """`count` summaries of the papers, each body drawn from `pool`; returns how many were written."""
    if not paper_ids:
        return 0
    # Popular papers get many summaries, most get none or one: a long tail over a shuffled order of papers.
    order = list(range(len(paper_ids)))
    rng.shuffle(order)
    paper_cum = zipf_cum_weights(len(order), exponent=0.6, offset=10.0)
    contributors = [f"ShortScience.org contributor {n}" for n in range(1, 2001)]
    contributor_cum = zipf_cum_weights(len(contributors), exponent=1.0)
    taken_tokens = set(Summary.objects.values_list("share_token", flat=True))
    done = 0
    with row_writer(Summary, batch_size) as write:
        for batch in batches(range(count), batch_size):
            done += _summary_batch(rng, batch, write, order, paper_cum, paper_ids, paper_dates, pool, contributors,
                                   contributor_cum, taken_tokens)
            progress("summaries", done, count)
    return done


def _summary_batch(rng, batch, write, order, paper_cum, paper_ids, paper_dates, pool, contributors, contributor_cum,
                   taken_tokens):
    """Draw and write one batch of summaries; returns how many."""
    rows = []
    for _ in batch:
        token = uuid.UUID(int=rng.getrandbits(128), version=4)
        while token in taken_tokens:  # only when adding to an earlier run with the same seed
            token = uuid.UUID(int=rng.getrandbits(128), version=4)
        taken_tokens.add(token)
        index = order[bisect.bisect_left(paper_cum, rng.random() * paper_cum[-1])]
        opened = max(SUMMARIES_OPENED, dt.datetime.combine(paper_dates[index], dt.time(), tzinfo=dt.UTC))
        span = max(1, int((CATALOGUE_DATE - opened).total_seconds()))
        created = opened + dt.timedelta(seconds=rng.randrange(span))
        body, body_html, excerpt = pool[rng.randrange(len(pool))]
        rows.append(
            Summary(
                paper_id=paper_ids[index], attribution=rng.choices(contributors, cum_weights=contributor_cum)[0],
                body=body, body_html=body_html, excerpt=excerpt,
                is_private=rng.random() < 0.02, is_hidden=rng.random() < 0.01,
                share_token=token, created=created, updated=created,
            )
        )
    validate_sample(rows[0], exclude=["paper"])  # no FK query: the COPY owns the connection
    write(rows)
    return len(rows)
