"""Journeys through nginx -> two gunicorns -> PostgreSQL primary + lagging standby, Redis (tests/topology/conftest.py).

Each visitor connects from a loopback address of its own (127.0.x.y), which nginx appends to X-Forwarded-For as the
client, exactly as it would for visitors on the internet.
"""

import re
import threading
import time

import pytest

from tests.topology.client import raw_request

pytestmark = pytest.mark.topology

PASSWORD = "topology-password-8472"
REPETITIONS = 10


def paper_paths(topology, count=None, offset=0):
    rows = topology.primary.query(
        "SELECT id, slug FROM papers_paper ORDER BY id OFFSET %s LIMIT %s", [offset, count or 10_000]
    )
    return [f"/papers/{pk}/{slug}/" for pk, slug in rows]


def logged_in_as(hit, username):
    return f'href="/users/{username}/"' in hit.text


def test_1_a_writer_sees_their_summary_right_after_posting_it_on_whichever_server_answers(topology):
    """Sign up, log out, log in, post a summary and follow the redirect, at once, many times: the standby applies
    commits 300 ms late, so every page right after a write must come from the primary."""
    papers = paper_paths(topology, REPETITIONS)
    hits = []
    for n, paper in enumerate(papers):
        browser = topology.browser(source=f"127.0.1.{n + 1}")
        username = f"writer{n}"
        signed_up = browser.sign_up(username, PASSWORD)
        assert signed_up.status == 302, signed_up.describe()
        welcome = browser.follow(signed_up)
        assert welcome.status == 200 and logged_in_as(welcome, username), welcome.describe()
        logged_out = browser.log_out()
        assert logged_out.status == 302, logged_out.describe()
        logged_in = browser.log_in(username, PASSWORD)
        assert logged_in.status == 302, logged_in.describe()
        home = browser.follow(logged_in)
        assert home.status == 200 and logged_in_as(home, username), f"looks logged out: {home.describe()}"
        body = f"Summary {n} by {username}: the replication lag must not hide it."
        posted = browser.submit(f"{paper}summaries/new/", {"body": body})
        assert posted.status == 302 and "#summary-" in posted.headers.get("Location", ""), posted.describe()
        page = browser.follow(posted)
        assert page.status == 200 and body in page.text, f"the summary is missing: {page.describe()}"
        hits += [signed_up, welcome, logged_out, logged_in, home, posted, page]
    assert topology.upstream_names(hits) == {"A", "B"}


def etag_and_freshness(hits, body):
    return [(hit.headers.get("ETag"), body in hit.text) for hit in hits]


def test_2_a_page_cached_by_one_server_is_replaced_on_both_by_a_write_through_the_other(topology):
    paper = paper_paths(topology, 1, offset=REPETITIONS)[0]  # a paper journey 1 left alone
    writer = topology.browser(source="127.0.2.2")
    assert writer.sign_up("pagewriter", PASSWORD).status == 302
    topology.wait_for_the_standby()  # this journey is about the page cache, not about the writer's session
    reader = topology.browser(source="127.0.2.1")
    hits_before = topology.redis.stats()["keyspace_hits"]
    cached = [reader.get(paper) for _ in range(4)]
    assert {hit.status for hit in cached} == {200}
    assert len({hit.headers["ETag"] for hit in cached}) == 1
    assert topology.upstream_names(cached) == {"A", "B"}
    assert topology.redis.stats()["keyspace_hits"] - hits_before >= 3, "the page was not served from Redis"

    body = "A summary that every cached copy of this page must show."
    posted = writer.submit(f"{paper}summaries/new/", {"body": body})
    assert posted.status == 302, posted.describe()

    # Anonymous readers are not pinned: they may see the old page until the standby applies the write (300 ms
    # late), then only the new one, from both servers. A page is never stored under a version newer than what it
    # shows: no ETag ever comes with both the old and the new page.
    seen, deadline = [], time.monotonic() + 10
    while time.monotonic() < deadline:
        seen.append(reader.get(paper))
        fresh = [hit for hit in seen if body in hit.text]
        if len(fresh) >= 6 and topology.upstream_names(fresh) == {"A", "B"}:
            break
        time.sleep(0.02)
    assert {hit.status for hit in seen} == {200}
    states = etag_and_freshness(seen, body)
    first_fresh = next((index for index, (_, is_fresh) in enumerate(states) if is_fresh), None)
    assert first_fresh is not None, "the new summary never showed to anonymous readers"
    assert all(is_fresh for _, is_fresh in states[first_fresh:]), "an old page came back after the new one"
    fresh_etags = {etag for etag, is_fresh in states if is_fresh}
    stale_etags = {etag for etag, is_fresh in states if not is_fresh} | {cached[0].headers["ETag"]}
    assert not fresh_etags & stale_etags, "one version was stored with both the old and the new page"
    assert topology.upstream_names(seen[first_fresh:]) == {"A", "B"}
    delay = seen[first_fresh].finished - posted.finished
    assert delay < 3, f"the anonymous page showed the write after {delay:.2f}s"
    print(f"\njourney 2: anonymous readers saw the write {delay * 1000:.0f} ms after it was acknowledged")


def shift_round_robin(topology):
    """One request through nginx, so that a GET + POST pair lands its POST on the other app server."""
    assert topology.browser(source="127.0.9.9").get("/").status == 200


def test_3_failed_logins_lock_out_the_client_that_made_them_and_nobody_else(topology):
    x_address, y_address = "127.0.3.1", "127.0.3.2"
    assert topology.browser(source=y_address).sign_up("carol", PASSWORD).status == 302
    attempts = []
    for n in range(25):
        if n % 2:
            shift_round_robin(topology)
        attempts.append(topology.browser(source=x_address).log_in(f"guess{n}", "wrong-password"))
    statuses = [hit.status for hit in attempts]
    assert statuses == [200] * 20 + [429] * 5, statuses
    assert topology.upstream_names(attempts[:20]) == {"A", "B"}, "the failures were not counted on both servers"
    assert topology.upstream_names(attempts[20:]) == {"A", "B"}, "the lockout did not hold on both servers"

    # X stays locked out with the right password, even forging a header that names Y.
    for forwarded_for in [None, y_address, f"{y_address}, 127.0.0.1"]:
        forged = topology.browser(source=x_address, forwarded_for=forwarded_for).log_in("carol", PASSWORD)
        assert forged.status == 429, (forwarded_for, forged.describe())
    # Y is not locked out, also when its own (untrusted) header names X.
    for forwarded_for in [None, x_address]:
        for _ in range(2):  # through both servers
            logged_in = topology.browser(source=y_address, forwarded_for=forwarded_for).log_in("carol", PASSWORD)
            assert logged_in.status == 302, (forwarded_for, logged_in.describe())


def test_4_rate_limits_count_across_both_app_servers(topology):
    from tests.topology.conftest import SIGNUP_LIMIT

    z_address = "127.0.4.1"
    sign_ups = []
    for n in range(SIGNUP_LIMIT + 2):
        if n % 2:
            shift_round_robin(topology)
        sign_ups.append(topology.browser(source=z_address).sign_up(f"zed{n}", PASSWORD))
    statuses = [hit.status for hit in sign_ups]
    assert statuses == [302] * SIGNUP_LIMIT + [429] * 2, statuses
    assert topology.upstream_names(sign_ups[:SIGNUP_LIMIT]) == {"A", "B"}
    assert topology.upstream_names(sign_ups[SIGNUP_LIMIT:]) == {"A", "B"}
    assert "Too many" in sign_ups[-1].text or "too many" in sign_ups[-1].text
    # Another client is not held back by Z's sign-ups.
    assert topology.browser(source="127.0.4.2").sign_up("wanda", PASSWORD).status == 302


MAX_LOAD_SECONDS = 90  # every load thread stops by then, whatever happens
PAUSE = 0.03  # between one visitor's requests
WRITE_PAUSE = 0.05


class Load:
    """Visitors sending requests in threads until the journey stops them (at most MAX_LOAD_SECONDS)."""

    def __init__(self):
        self.hits = []
        self.errors = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.deadline = time.monotonic() + MAX_LOAD_SECONDS
        self.threads = []

    def running(self):
        return not self.stopped.is_set() and time.monotonic() < self.deadline

    def record(self, hit, kind):
        hit.kind = kind
        with self.lock:
            self.hits.append(hit)
        return hit

    def visitor(self, work):
        def run():
            try:
                work(self)
            except Exception as exc:  # noqa: BLE001 - reported by the journey
                self.errors.append(repr(exc))

        self.threads.append(threading.Thread(target=run, daemon=True))

    def readers(self, topology, paths, count=3, kind="read"):
        for number in range(count):
            def read(load, number=number):
                browser = topology.browser(source=f"127.0.5.{number + 1}")
                while load.running():
                    for path in paths[number::count]:
                        load.record(browser.get(path), kind)
                        time.sleep(PAUSE)
                        if not load.running():
                            return

            self.visitor(read)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in self.threads), "a load thread hung"

    def between(self, start, end, kind=None):
        return [hit for hit in self.hits if hit.started >= start and hit.finished <= end
                and (kind is None or hit.kind == kind)]

    def statuses(self, hits=None):
        return sorted({hit.status or 0 for hit in (self.hits if hits is None else hits)})


def reading_paths(topology):
    return ["/", "/venues/nips/", "/venues/nips/2018/", *paper_paths(topology, 12)]


def member_reads(load, browser, paths):
    """A logged-in reader: uncached pages, the session read from the database on each."""
    while load.running():
        for path in paths:
            load.record(browser.get(path), "member")
            time.sleep(PAUSE)


def app_sessions_on(cluster):
    """The app servers' connections to this cluster (not the tests' own)."""
    return cluster.query(
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name <> %s",
        ["topology-probe"],
    )[0][0]


def test_5_reads_go_to_the_primary_while_the_standby_is_stopped_and_to_the_standby_again_once_it_is_back(topology):
    from tests.topology.servers import wait_until

    member = topology.browser(source="127.0.5.9")
    assert member.sign_up("reader", PASSWORD).status == 302
    load = Load()
    load.readers(topology, reading_paths(topology))
    load.visitor(lambda load: member_reads(load, member, reading_paths(topology)))
    with load:
        time.sleep(1.5)
        assert app_sessions_on(topology.standby) > 0, "the app servers did not read from the standby"
        stopped_at = time.monotonic()
        topology.standby.stop()
        time.sleep(3)
        restarted_at = time.monotonic()
        topology.standby.start()
        # Tried again after DJANGO_REPLICA_RETRY_SECONDS (5 s) by each process.
        wait_until(lambda: app_sessions_on(topology.standby) >= 2, 30, "the app servers did not use the standby again")
        back_at = time.monotonic()
        time.sleep(1)
    assert not load.errors, load.errors
    during = load.between(stopped_at, restarted_at)
    assert len(during) >= 20, f"too little load while the standby was down: {len(during)} requests"
    assert load.statuses() == [200], [hit.describe() for hit in load.hits if hit.status != 200][:5]
    assert topology.upstream_names(during) == {"A", "B"}
    print(f"\njourney 5: {len(load.hits)} reads, {len(during)} with the standby down, all 200; "
          f"standby used again {back_at - restarted_at:.1f}s after it was started")


def test_6_with_redis_stopped_under_load_pages_are_rendered_and_caching_resumes_when_it_is_back(topology):
    from tests.topology.servers import wait_until

    assert topology.browser(source="127.0.6.9").sign_up("redisfan", PASSWORD).status == 302

    def logs_in(load):
        # Every log-in counts in the rate limits and the lockout: in Redis, or in the process while it is away.
        # From 50 addresses, to stay below the log-in rate limit of each.
        for n in range(10_000):
            if not load.running():
                return
            visitor = topology.browser(source=f"127.0.6.{10 + n % 50}")
            load.record(visitor.log_in("redisfan", PASSWORD), "log-in")
            time.sleep(PAUSE)

    load = Load()
    load.readers(topology, reading_paths(topology))
    load.visitor(logs_in)
    with load:
        time.sleep(1.5)
        assert topology.redis.stats()["keyspace_hits"] > 0
        stopped_at = time.monotonic()
        topology.redis.stop()
        time.sleep(3)
        restarted_at = time.monotonic()
        topology.redis.start()  # empty: no persistence
        wait_until(lambda: topology.redis.stats()["keyspace_hits"] >= 10, 20, "no page came from Redis again")
        back_at = time.monotonic()
        time.sleep(0.5)
    assert not load.errors, load.errors
    during = load.between(stopped_at, restarted_at)
    assert len(during) >= 20 and {hit.kind for hit in during} == {"read", "log-in"}
    assert load.statuses() == [200, 302] or load.statuses() == [200], [
        hit.describe() for hit in load.hits if hit.status not in (200, 302)][:5]
    refused = [hit.describe() for hit in load.hits if hit.kind == "log-in" and hit.status != 302]
    assert not refused, refused[:3]
    slowest = max(hit.finished - hit.started for hit in during if hit.kind == "read")
    assert slowest < 2, f"a page took {slowest:.2f}s while Redis was down"
    stats = topology.redis.stats()
    print(f"\njourney 6: {len(load.hits)} requests, {len(during)} with Redis down (slowest {slowest * 1000:.0f} ms), "
          f"none failed; Redis hits again {back_at - restarted_at:.1f}s after its start ({stats['keys']} keys)")


def test_7_a_primary_restart_under_write_load_answers_503_meanwhile_and_keeps_every_acknowledged_write(topology):
    from tests.topology.servers import wait_until

    writers = []
    for n in range(4):
        browser = topology.browser(source=f"127.0.7.{n + 1}")
        username = f"restartwriter{n}"
        assert browser.sign_up(username, PASSWORD).status == 302
        writers.append((username, browser))
    papers = topology.primary.query(
        "SELECT id, slug FROM papers_paper WHERE slug LIKE 'topology-paper-%%' ORDER BY id"
    )
    acknowledged = []

    def write(load, username, browser):
        for pk, slug in papers:
            if not load.running():
                return
            body = f"[{username}/{pk}] written while the primary restarts."
            form = {"body": body, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}
            hit = load.record(browser.request("POST", f"/papers/{pk}/{slug}/summaries/new/", form), "write")
            if hit.status == 302 and "#summary-" in hit.headers.get("Location", ""):
                acknowledged.append(body)
            time.sleep(WRITE_PAUSE)
        load.errors.append(f"{username} ran out of papers")

    load = Load()
    for username, browser in writers:
        load.visitor(lambda load, username=username, browser=browser: write(load, username, browser))
    load.readers(topology, reading_paths(topology), count=2)
    with load:
        time.sleep(1.5)
        stopped_at = time.monotonic()
        topology.primary.stop()
        time.sleep(3)
        restarted_at = time.monotonic()
        topology.primary.start()
        started_at = time.monotonic()
        wait_until(lambda: any(hit.kind == "write" and hit.status == 302 and hit.started > started_at
                               for hit in list(load.hits)), 30, "no write was acknowledged after the restart")
        recovered_at = time.monotonic()
        time.sleep(1.5)
    assert not load.errors, load.errors

    # Nothing but pages, redirects and the 503 page; no 500, no hang, no unanswered request.
    assert set(load.statuses()) <= {200, 302, 503}, load.statuses()
    during = load.between(stopped_at + 0.2, restarted_at)  # pg_ctl returns once the server is down
    writes_during = [hit for hit in during if hit.kind == "write"]
    assert len(writes_during) >= 8 and {hit.status for hit in writes_during} == {503}, sorted(
        {hit.status for hit in writes_during})
    assert all(hit.headers.get("Retry-After") == "10" and "briefly unavailable" in hit.text for hit in writes_during)
    assert max(hit.finished - hit.started for hit in during) < 5
    # Anonymous readers were not pinned to the primary: the standby kept answering them.
    assert {hit.status for hit in during if hit.kind == "read"} == {200}
    after = load.between(recovered_at + 1, time.monotonic())
    assert after and {hit.status for hit in after} <= {200, 302}

    stored = topology.primary.query(
        "SELECT body, count(*) FROM summaries_summary WHERE body LIKE '%%written while the primary restarts.' "
        "GROUP BY body"
    )
    counts = dict(stored)
    assert set(acknowledged) <= set(counts), f"lost: {set(acknowledged) - set(counts)}"
    assert all(count == 1 for count in counts.values()), "a summary was stored twice"
    print(f"\njourney 7: {len(load.hits)} requests, {len(acknowledged)} writes acknowledged, {len(counts)} stored, "
          f"{len(writes_during)} writes answered 503 during the restart; recovered "
          f"{recovered_at - started_at:.1f}s after PostgreSQL was back")


def test_static_and_media_files_come_from_disk_through_nginx_without_an_app_server(topology):
    """nginx sends /static/ (hashed names far-future and immutable, the precompressed .gz) and /media/ itself."""
    home = topology.browser(source="127.0.9.1").get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)
    hit, _ = raw_request("127.0.0.1", topology.nginx.port, "GET", stylesheet, headers={"Accept-Encoding": "gzip"})
    assert hit.status == 200 and hit.upstream is None, hit.describe()  # no app server answered
    assert hit.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hit.headers.get("Content-Encoding") == "gzip"
    (topology.root / "media" / "summary-images").mkdir(parents=True, exist_ok=True)
    (topology.root / "media" / "summary-images" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    image, _ = raw_request("127.0.0.1", topology.nginx.port, "GET", "/media/summary-images/figure.png")
    assert image.status == 200 and image.upstream is None and image.headers["X-Content-Type-Options"] == "nosniff"
