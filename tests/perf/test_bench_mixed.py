"""The mixed workload's writes are the real thing: with its session cookies and CSRF scheme, each kind lands."""

import random
import secrets
import socket
import time

import pytest
from django.test import Client

from bench.environment import free_port, start_redis, stop
from bench.mixed import ideal_hits, load_targets, prepare, write_request, zipf_cdf
from discussion.models import Comment
from summaries.models import Summary, Vote
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db


def test_the_mixed_workloads_votes_summaries_and_comments_are_accepted(tmp_path):
    paper = make_paper("Neural Ordinary Differential Equations")
    make_summary(paper, "Continuous-depth residual networks.")
    session = prepare(tmp_path / "targets.txt")
    users, papers = load_targets(tmp_path / "targets.txt")
    assert users[0] == session["session"] and len(papers) == 1
    pk, slug, summary_id = papers[0]
    for which in (0.0, 0.85, 0.95):  # a vote, a summary, a comment
        client, csrf = Client(enforce_csrf_checks=True), secrets.token_hex(16)
        client.cookies[session["cookie"]], client.cookies["csrftoken"] = users[0], csrf
        path, body = write_request(which, random.Random(1), pk, slug, summary_id)
        response = client.post(path, body, content_type="application/x-www-form-urlencoded", secure=True,
                               headers={"Origin": "https://testserver", "X-CSRFToken": csrf})
        assert response.status_code == 302, (path, response.status_code)
    assert Vote.objects.count() == 1 and Summary.objects.count() == 2 and Comment.objects.count() == 1


def test_the_zipf_distribution_makes_a_few_papers_hot():
    cdf = zipf_cdf(100_000)
    assert cdf[-1] == pytest.approx(1.0) and 0.05 < cdf[0] < 0.1  # the hottest paper: about 8% of the reads


def test_the_ideal_hit_ratio_counts_reads_of_papers_read_before_in_time_order_across_clients():
    seen = {"warm"}
    reads = [(3.0, "a"), (1.0, "a"), (2.0, "warm"), (4.0, "b"), (0.5, "c"), (5.0, "c")]  # two clients' reads, merged
    assert ideal_hits(reads, seen) == 3  # a at 3.0, warm, c at 5.0; not the first a, b or the first c
    assert seen == {"warm", "a", "b", "c"}
    assert ideal_hits([(9.0, "b")], seen) == 1  # the next run starts from what the warm-up read


def test_the_mixed_workloads_shared_cache_is_a_redis_that_answers_and_stops():
    port = free_port()
    server = start_redis(port)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"SET k v\r\nGET k\r\n")
            time.sleep(0.1)
            assert sock.recv(64) == b"+OK\r\n$1\r\nv\r\n"
    finally:
        stop(server)
    assert server.returncode is not None
