"""The topology the README promises, started once for the session (`make test-topology`).

A PostgreSQL 15 primary and a hot standby streaming from it (pg_basebackup -R) whose commits are applied
APPLY_DELAY late (recovery_min_apply_delay), so replication lag is real; Redis; two gunicorn app servers with the
production settings reading from the standby; nginx with the repository's deploy/nginx.conf in front, the only
entry point. Every process runs from one temp dir on loopback ports and is stopped at the end.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.topology.client import Browser, get
from tests.topology.servers import REPO, AppServer, Nginx, PostgresCluster, Redis, wait_until

APPLY_DELAY_MS = 300
PIN_SECONDS = 5
EXTRA_PAPERS = 600  # journey 7's writers each summarize them in turn, one every WRITE_PAUSE at most
SECRET_KEY = "topology-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
SIGNUP_LIMIT = 6  # per client address and hour: journey 4 reaches it
# The proxy every request comes through: nginx, on the same host as the app servers.
TRUSTED_PROXIES = "127.0.0.1"


@dataclass
class Topology:
    root: Path
    primary: PostgresCluster
    standby: PostgresCluster
    redis: Redis
    apps: list
    nginx: Nginx
    lag: dict

    def browser(self, source="127.0.0.1", forwarded_for=None):
        return Browser(self.nginx.port, source=source, forwarded_for=forwarded_for)

    def wait_for_the_standby(self, seconds=10):
        """Until the standby has applied every commit the primary has made so far."""
        target = self.primary.query("SELECT pg_current_wal_lsn()")[0][0]
        wait_until(lambda: self.standby.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])[0][0],
                   seconds, "the standby did not catch up")

    def upstream_names(self, hits):
        """{"A", "B"}: which app servers answered these requests."""
        names = {app.address: app.name for app in self.apps}
        return {names.get(hit.upstream, hit.upstream) for hit in hits if hit.upstream}

    def log_tails(self, lines=40):
        tails = []
        for path in [app.log for app in self.apps] + [self.nginx.dir / "error.log"]:
            if path.exists():
                tails.append(f"--- {path.name}\n" + "\n".join(path.read_text().splitlines()[-lines:]))
        return "\n".join(tails)


def production_env(**extra):
    """Production settings (DEBUG off, secure cookies, a secret key) on plain HTTP behind nginx."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="shortscience.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_TRUSTED_PROXIES=TRUSTED_PROXIES,
        DJANGO_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
        RATELIMIT_SIGNUP=f"{SIGNUP_LIMIT}/h",
        # Journey 7's writers post a summary every 50 ms, 503s included: not what the summary limit is for.
        RATELIMIT_SUMMARY="100000/h",
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return env


def manage(env, *args, seconds=300):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=seconds)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


CREATE_PAPERS = f"""
from papers.models import Paper
Paper.objects.bulk_create(
    Paper(title=f"Topology paper {{n}}", slug=f"topology-paper-{{n}}", year=2020) for n in range({EXTRA_PAPERS})
)
"""


def measure_lag(primary, standby, samples=15):
    """Seconds from a commit on the primary until a query on the standby sees it: [min, median, max]."""
    primary.query("CREATE TABLE IF NOT EXISTS topology_lag (n integer PRIMARY KEY)")
    wait_until(lambda: standby.query("SELECT to_regclass('topology_lag')")[0][0], 30, "the standby did not catch up")
    start = primary.query("SELECT coalesce(max(n), 0) FROM topology_lag")[0][0] + 1
    lags = []
    with primary.connect() as writer, standby.connect() as reader:
        for n in range(start, start + samples):
            writer.execute("INSERT INTO topology_lag VALUES (%s)", [n])
            committed = time.monotonic()
            deadline = committed + 10
            while not reader.execute("SELECT 1 FROM topology_lag WHERE n = %s", [n]).fetchone():
                assert time.monotonic() < deadline, "the standby did not show a commit within 10 s"
                time.sleep(0.0005)
            lags.append(time.monotonic() - committed)
    return [min(lags), statistics.median(lags), max(lags)]


@pytest.fixture(scope="session")
def topology(request):
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="shortscience-topology-"))
    root.chmod(0o755)  # the postgres user reaches its clusters' directories inside
    primary = PostgresCluster(root / "primary")
    standby = redis = nginx = None
    apps = []
    try:
        # synchronous_commit stays on: journey 7 counts on acknowledged writes surviving a restart.
        primary.init().start(fsync="off", max_connections=150, wal_keep_size="256MB")
        setup_env = production_env(DATABASE_URL=primary.url, DJANGO_STATIC_ROOT=str(root / "static"))
        manage(setup_env, "migrate", "--no-input", "-v0")
        manage(setup_env, "loaddata", "nips2018", "-v0")
        manage(setup_env, "shell", "-c", CREATE_PAPERS)
        manage(setup_env, "collectstatic", "--no-input", "-v0")

        standby = primary.standby(root / "standby")
        standby.start(hot_standby="on", wal_retrieve_retry_interval="500ms", max_connections=150)
        wait_until(lambda: standby.query("SELECT pg_is_in_recovery()")[0][0], 30, "the standby is not in recovery")
        natural = measure_lag(primary, standby)
        with open(standby.data / "postgresql.auto.conf", "a") as conf:
            conf.write(f"recovery_min_apply_delay = '{APPLY_DELAY_MS}ms'\n")
        standby.reload()
        wait_until(lambda: standby.query("SHOW recovery_min_apply_delay")[0][0] == f"{APPLY_DELAY_MS}ms", 10,
                   "the standby did not take the apply delay")
        delayed = measure_lag(primary, standby, samples=5)

        redis = Redis(root / "redis").start()
        app_env = production_env(
            DATABASE_URL=primary.url,
            DATABASE_REPLICA_URLS=standby.url,
            REDIS_URL=redis.url,
            DJANGO_STATIC_ROOT=str(root / "static"),
            DJANGO_MEDIA_ROOT=str(root / "media"),
            WEB_CONCURRENCY="2",
            GUNICORN_WORKER_CLASS="gthread",
            GUNICORN_THREADS="4",
            GUNICORN_ACCESS_LOG="-",
        )
        apps = [AppServer(name, app_env, root) for name in ("A", "B")]
        for app in apps:
            app.start()
        for app in apps:
            app.wait_ready(get)
        nginx = Nginx(root / "nginx", [app.address for app in apps], root).start()
        wait_until(lambda: get("127.0.0.1", nginx.port, "/").status == 200, 30, "nginx did not answer 200")

        lag = {"natural_seconds": natural, "delayed_seconds": delayed, "apply_delay_ms": APPLY_DELAY_MS,
               "pin_seconds": PIN_SECONDS, "setup_seconds": round(time.monotonic() - started, 1)}
        request.config.stash[LAG_KEY] = lag
        yield Topology(root, primary, standby, redis, apps, nginx, lag)
    finally:
        for server in [nginx, *apps, redis]:
            if server is not None:
                server.stop()
        for cluster in [standby, primary]:
            if cluster is not None:
                cluster.stop_quietly()
        if request.session.testsfailed:
            print(f"\ntopology kept for a look: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


LAG_KEY = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter, config):
    lag = config.stash.get(LAG_KEY, None)
    if lag is None:
        return

    def ms(values):
        return " / ".join(f"{value * 1000:.1f}" for value in values)

    terminalreporter.write_line(
        f"topology: replication lag min / median / max {ms(lag['natural_seconds'])} ms without an apply delay, "
        f"{ms(lag['delayed_seconds'])} ms with recovery_min_apply_delay={lag['apply_delay_ms']}ms; "
        f"reads pinned to the primary for {lag['pin_seconds']} s after a write; set up in {lag['setup_seconds']} s"
    )
