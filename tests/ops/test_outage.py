"""PostgreSQL stops and starts again while gunicorn serves readers and writers.

During the outage every request gets the 503 page within seconds (no hang), the site answers again by itself once
PostgreSQL is back (same gunicorn, no restart), and every summary whose POST was acknowledged (302) is in the
database afterwards. Runs against the throwaway cluster of scripts/with-postgres.sh, which it stops and restarts.
"""

import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections

from papers.models import Paper
from summaries.models import Summary

pytestmark = [pytest.mark.postgres, pytest.mark.alone, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
WRITERS = 6
READERS = 3
PAPERS = 150
PASSWORD = "outage-test-password-42"
PAUSE = 0.05  # between one user's requests
OUTAGE_SECONDS = 3
MAX_503_SECONDS = 5
MAX_RECOVERY_SECONDS = 20


class Cluster:
    """The with-postgres.sh cluster, stopped and started with pg_ctl as its owner (postgres refuses root)."""

    def __init__(self):
        missing = [name for name in ("PGTMP", "PGBIN", "PGPORT") if not os.environ.get(name)]
        if missing:
            pytest.fail(
                f"{', '.join(missing)} not set: this test stops and restarts PostgreSQL, so it runs only on the "
                "throwaway cluster: scripts/with-postgres.sh .venv/bin/pytest tests/ops (or make test-postgres)"
            )
        self.dir = Path(os.environ["PGTMP"])
        self.bin = Path(os.environ["PGBIN"])
        if str(connection.settings_dict["PORT"]) != os.environ["PGPORT"]:
            pytest.fail("the test database is not on the with-postgres.sh cluster (PGPORT differs)")
        # Start again with the options with-postgres.sh gave (port, socket dir, ...), minus the program and -D.
        argv = shlex.split((self.dir / "data" / "postmaster.opts").read_text())[1:]
        if "-D" in argv:
            del argv[argv.index("-D"):argv.index("-D") + 2]
        self.options = shlex.join(argv)

    def pg_ctl(self, *args, check=True):
        command = [str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"pg_ctl {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return result

    def stop(self):
        self.pg_ctl("-m", "fast", "-w", "stop")

    def start(self):
        self.pg_ctl("-l", str(self.dir / "server.log"), "-w", "-t", "30", "-o", self.options, "start")

    def is_running(self):
        return self.pg_ctl("status", check=False).returncode == 0


@dataclass
class Hit:
    """One HTTP request and what came back."""

    method: str
    path: str
    started: float
    finished: float
    status: int | None  # None: no answer (timeout, connection refused)
    headers: dict = field(default_factory=dict)
    text: str = ""

    @property
    def seconds(self):
        return self.finished - self.started


class Browser:
    """A visitor with a cookie jar over plain HTTP (the site's cookies are Secure; this client sends them anyway)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, timeout=MAX_503_SECONDS + 10):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except OSError as exc:
            return Hit(method, path, started, time.monotonic(), None, text=repr(exc))
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Hit(method, path, started, time.monotonic(), response.status, dict(response.headers.items()), text)

    def log_in(self, username):
        form_page = self.request("GET", "/accounts/login/")
        assert form_page.status == 200, form_page.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
        answer = self.request(
            "POST", "/accounts/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        assert answer.status == 302 and "sessionid" in self.cookies, (answer.status, answer.text[:500])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(static_root, port):
    """Production settings (DEBUG off, a secret key) on plain HTTP, pointed at the pytest-django test database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    db = connection.settings_dict
    env.update(
        DJANGO_SETTINGS_MODULE="shortscience.settings",
        DJANGO_SECRET_KEY="outage-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_WORKER_CLASS="gthread",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESS_LOG="",
        # Every test user comes from 127.0.0.1: lift the per-IP write limits, not what this test is about.
        RATELIMIT_SUMMARY="100000/h",
        RATELIMIT_LOGIN="100000/h",
    )
    return env


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = production_env(tmp_path / "static", port)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=REPO, env=env,
                   check=True, timeout=120)
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "shortscience.wsgi", "--config", "deploy/gunicorn.conf.py"],
            cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    process.log = log
    process.port = port
    try:
        deadline = time.monotonic() + 30
        while Browser(port).request("GET", "/", timeout=5).status != 200:
            assert process.poll() is None and time.monotonic() < deadline, f"gunicorn did not start:\n{log.read_text()}"
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def cluster():
    cluster = Cluster()
    yield cluster
    # Later tests use the cluster: whatever happened, leave it running, and drop connections to the old server.
    if not cluster.is_running():
        cluster.start()
    connections.close_all()


@pytest.fixture
def catalogue(make_user):
    hasher = PBKDF2PasswordHasher()
    writers = []
    for index in range(WRITERS):
        user = make_user(f"writer{index}")
        # A hash production settings can check (the test settings' MD5 is not among them), cheap to verify.
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
        writers.append(user)
    papers = Paper.objects.bulk_create(
        Paper(title=f"Outage paper {n}", slug=f"outage-paper-{n}", year=2020) for n in range(PAPERS)
    )
    return writers, papers


def test_database_outage_gives_quick_503s_then_recovers_without_losing_acknowledged_writes(
    cluster, catalogue, gunicorn
):
    writers, papers = catalogue
    hits, acknowledged, errors = [], [], []
    lock = threading.Lock()
    stop = threading.Event()
    ready = threading.Barrier(WRITERS + READERS + 1, timeout=60)

    def record(hit, user=None, paper=None):
        with lock:
            hits.append(hit)
            if user is not None and hit.status == 302 and "#summary-" in hit.headers.get("Location", ""):
                acknowledged.append((user.pk, paper.pk, hit.finished))

    def write(user):
        try:
            browser = Browser(gunicorn.port)
            browser.log_in(user.username)
            ready.wait()
            for paper in papers:
                if stop.is_set():
                    break
                token = browser.cookies["csrftoken"]
                form = {"body": f"{user.username} read {paper.title}.", "csrfmiddlewaretoken": token}
                record(browser.request("POST", f"/papers/{paper.pk}/{paper.slug}/summaries/new/", form), user, paper)
                time.sleep(PAUSE)
            else:
                errors.append(f"{user.username} ran out of papers: raise PAPERS")
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(f"{user.username}: {exc!r}")
            ready.abort()

    def read(number):
        browser = Browser(gunicorn.port)
        paths = ["/", *(f"/papers/{paper.pk}/{paper.slug}/" for paper in papers[number::READERS][:20])]
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        while not stop.is_set():
            for path in paths:
                record(browser.request("GET", path))
                time.sleep(PAUSE)

    threads = [threading.Thread(target=write, args=(user,)) for user in writers]
    threads += [threading.Thread(target=read, args=(number,)) for number in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            pytest.fail(f"the load did not start: {errors}")
        time.sleep(1.5)  # normal service first

        stop_started = time.monotonic()
        cluster.stop()
        stop_finished = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        start_started = time.monotonic()
        cluster.start()
        start_finished = time.monotonic()

        probe = Browser(gunicorn.port)
        while (answer := probe.request("GET", "/")).status != 200:
            assert time.monotonic() - start_finished < MAX_RECOVERY_SECONDS, (
                f"no 200 within {MAX_RECOVERY_SECONDS}s of PostgreSQL being back: {answer.status} {answer.text[:300]}"
            )
            time.sleep(0.1)
        recovered = answer.finished
        time.sleep(2)  # service after the recovery
    finally:  # the load stops whatever happened (the cluster fixture restarts PostgreSQL if needed)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a load thread hung"
    assert not errors, errors
    assert gunicorn.poll() is None, "gunicorn died"
    booted = gunicorn.log.read_text().count("Booting worker")
    assert booted == 2, f"gunicorn restarted workers ({booted} boots): the site must recover without that"

    # During the outage: the 503 page with a Retry-After, quickly, for readers and writers alike.
    during = [hit for hit in hits if hit.started >= stop_finished and hit.finished <= start_started]
    assert len(during) >= WRITERS + READERS
    assert {hit.method for hit in during} == {"GET", "POST"}
    slow = [(hit.method, hit.path, round(hit.seconds, 2)) for hit in during if hit.seconds > MAX_503_SECONDS]
    assert not slow, f"requests hung during the outage: {slow}"
    assert {hit.status for hit in during} == {503}, {(hit.status, hit.path) for hit in during}
    assert all(hit.headers.get("Retry-After") == "10" for hit in during)
    assert "briefly unavailable" in during[0].text

    # Never a 500 or an unanswered request, before, during or after.
    assert {hit.status for hit in hits} <= {200, 302, 503}, sorted({hit.status or 0 for hit in hits})
    # Recovered by itself, in every gunicorn worker and thread: nothing fails a second after the first 200.
    after = [hit for hit in hits if hit.started > recovered + 1]
    assert after and {hit.status for hit in after} <= {200, 302}, {(hit.status, hit.path) for hit in after}
    written_after = {user_pk for user_pk, _, finished in acknowledged if finished > recovered + 1}
    assert written_after == {user.pk for user in writers}, "every writer's session works again after the outage"

    # No acknowledged write is lost (the restart dropped this process's connection: reconnect first).
    connections.close_all()
    stored = set(Summary.objects.values_list("author_id", "paper_id"))
    lost = {(user_pk, paper_pk) for user_pk, paper_pk, _ in acknowledged} - stored
    assert not lost, f"{len(lost)} acknowledged summaries are missing after the restart"

    worst = max(hit.seconds for hit in during)
    print(
        f"\nrequests: {len(hits)}; during the outage: {len(during)} (all 503, slowest {worst:.3f}s); "
        f"pg stop {stop_finished - stop_started:.2f}s, start {start_finished - start_started:.2f}s; "
        f"first 200 {recovered - start_finished:.2f}s after PostgreSQL was back; "
        f"acknowledged writes {len(acknowledged)}, stored {len(stored)}"
    )
