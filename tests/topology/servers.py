"""Throwaway servers on loopback for the topology tests: PostgreSQL (a primary and a streaming standby), Redis,
gunicorn and nginx. Each runs from a temp dir on a free 127.0.0.1 port, is started and stopped by the test session
itself (never as a system service), and every wait is bounded in time."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

REPO = Path(__file__).resolve().parents[2]
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
LOOPBACK = "127.0.0.1"
PROBE_NAME = "topology-probe"  # application_name of the tests' own database connections


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_until(check, seconds, what):
    """Call `check` until it returns something true, for at most `seconds`; its last result is returned."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 - not up yet: keep trying until the deadline
            result, error = None, exc
        else:
            error = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {seconds}s (last error: {error!r})")
        time.sleep(0.05)


def require(path, package):
    if not Path(path).exists():
        raise AssertionError(f"{path} is missing: `make install-test` installs Debian's {package} (never skipped)")


def _stop_process(process, sig=signal.SIGTERM, seconds=20):
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Redis:
    """redis-server without persistence, so a restart starts empty, as a cache may."""

    def __init__(self, directory: Path):
        require(REDIS_SERVER, "redis-server")
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://{LOOPBACK}:{self.port}/0"
        self.process = None

    def start(self):
        command = [
            REDIS_SERVER, "--port", str(self.port), "--bind", LOOPBACK, "--save", "", "--appendonly", "no",
            "--dir", str(self.dir), "--logfile", str(self.dir / "redis.log"), "--daemonize", "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(self.ping, 15, f"redis-server on port {self.port} did not answer")
        return self

    def stop(self):
        _stop_process(self.process)
        self.process = None

    def pause(self):
        """Freeze the server (SIGSTOP): connections open, nothing answered, as a hung Redis."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def client(self):
        return redis.Redis(host=LOOPBACK, port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def ping(self):
        with self.client() as client:
            return client.ping()

    def stats(self):
        """INFO stats (keyspace_hits, keyspace_misses, ...) and the number of keys."""
        with self.client() as client:
            return {**client.info("stats"), "keys": client.dbsize()}


class PostgresCluster:
    """A PostgreSQL 15 cluster in `directory`, run by the postgres user when the tests run as root."""

    def __init__(self, directory: Path, port=None):
        require(PGBIN / "initdb", "postgresql-15")
        self.dir = directory
        self.data = directory / "data"
        self.port = port or free_port()
        self.options = ""

    def _run(self, *command, seconds=120):
        command = [str(part) for part in command]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds)
        if result.returncode != 0:
            raise AssertionError(f"{shlex.join(command)} failed:\n{result.stdout}{result.stderr}")
        return result

    def _own_directory(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def init(self):
        self._own_directory()
        self._run(PGBIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        return self

    def start(self, **settings):
        """Start with these settings (-c name=value) besides the port and the socket directory; they stay for
        restarts."""
        if settings or not self.options:
            options = {"listen_addresses": LOOPBACK, "port": self.port, "unix_socket_directories": self.dir, **settings}
            self.options = " ".join(f"-c {name}={shlex.quote(str(value))}" for name, value in options.items())
        self._run(PGBIN / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log", "-w", "-t", "60",
                  "-o", self.options, "start")
        return self

    def stop(self, mode="fast"):
        self._run(PGBIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop")

    def reload(self):
        self._run(PGBIN / "pg_ctl", "-D", self.data, "reload")

    def is_running(self):
        command = [str(PGBIN / "pg_ctl"), "-D", str(self.data), "status"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    def stop_quietly(self):
        if self.data.exists() and self.is_running():
            self.stop("immediate")

    def standby(self, directory: Path, slot="standby1"):
        """A hot standby streaming from this cluster: pg_basebackup -R (standby.signal and primary_conninfo),
        with a replication slot so that the primary keeps the WAL the standby has not received yet."""
        standby = PostgresCluster(directory)
        standby._own_directory()
        self._run(PGBIN / "pg_basebackup", "-h", LOOPBACK, "-p", self.port, "-U", "postgres", "-D", standby.data,
                  "-R", "-X", "stream", "-C", "-S", slot, "--checkpoint=fast", "--no-sync")
        return standby

    @property
    def url(self):
        return f"postgres://postgres@{LOOPBACK}:{self.port}/postgres"

    def connect(self, **kwargs):
        return psycopg.connect(host=LOOPBACK, port=self.port, user="postgres", dbname="postgres", autocommit=True,
                               application_name=PROBE_NAME, connect_timeout=3, **kwargs)

    def query(self, sql, params=None):
        with self.connect() as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


class AppServer:
    """gunicorn with the production settings (deploy/gunicorn.conf.py), as `make serve` runs it."""

    def __init__(self, name, env, log_dir: Path):
        self.name = name
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"{LOOPBACK}:{self.port}"}
        self.log = log_dir / f"gunicorn-{name}.log"
        self.process = None

    def start(self):
        with open(self.log, "a") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "shortscience.wsgi", "--config", "deploy/gunicorn.conf.py"],
                cwd=REPO, env=self.env, stdout=log_file, stderr=subprocess.STDOUT,
            )
        return self

    def wait_ready(self, get):
        def ready():
            assert self.process.poll() is None, f"gunicorn {self.name} exited:\n{self.log.read_text()[-3000:]}"
            return get(LOOPBACK, self.port, "/").status == 200

        wait_until(ready, 60, f"gunicorn {self.name} did not answer 200")

    def stop(self):
        _stop_process(self.process, seconds=30)

    @property
    def address(self):
        return f"{LOOPBACK}:{self.port}"


class Nginx:
    """Debian's nginx running the repository's deploy/nginx.conf, adapted to the test: plain HTTP on a loopback
    port, the two app servers in its upstream (round-robin), and which of them answered in X-Upstream."""

    def __init__(self, directory: Path, upstreams, files_root: Path):
        require(NGINX, "nginx")
        self.dir = directory
        self.files_root = files_root  # the apps' STATIC_ROOT and MEDIA_ROOT are static/ and media/ in it
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.upstreams = upstreams
        self.process = None

    def config(self):
        site = site_config((REPO / "deploy" / "nginx.conf").read_text(), self.port, self.upstreams, self.files_root)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp dirs, owned by root
        kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        temp_paths = "".join(f"    {kind}_temp_path {self.dir / kind};\n" for kind in kinds)
        return (
            f"{user}worker_processes 1;\ndaemon off;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.dir / 'error.log'} warn;\nevents {{ worker_connections 512; }}\n"
            f"http {{\n    access_log {self.dir / 'access.log'};\n{temp_paths}{site}\n}}\n"
        )

    def start(self):
        conf = self.dir / "nginx.conf"
        conf.write_text(self.config())
        command = [NGINX, "-p", str(self.dir), "-c", str(conf), "-e", str(self.dir / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}\n{conf.read_text()}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

        def listening():
            assert self.process.poll() is None, (self.dir / "error.log").read_text()
            with socket.create_connection((LOOPBACK, self.port), timeout=1):
                return True

        wait_until(listening, 15, f"nginx did not listen on port {self.port}")
        return self

    def stop(self):
        _stop_process(self.process, signal.SIGQUIT)


def site_config(deploy_conf: str, port, upstreams, files_root: Path) -> str:
    """deploy/nginx.conf for the test: its proxy settings as they are, TLS and the HTTP redirect dropped."""
    lines = []
    for line in deploy_conf.splitlines():
        stripped = line.strip()
        if stripped.startswith(("ssl_certificate", "http2 ", "listen [::]")):
            continue
        if stripped.startswith("listen 443"):
            line = f"    listen {LOOPBACK}:{port};"
        elif stripped.startswith("server 127.0.0.1:8000"):
            line = "\n".join(f"    server {upstream} fail_timeout=0;" for upstream in upstreams)
        elif stripped.startswith("alias /srv/shared/media/"):
            line = f"        alias {files_root}/media/;"
        elif stripped == "proxy_pass http://shortscience;":
            line += "\n        add_header X-Upstream $upstream_addr always;"
        line = line.replace("/srv/shortscience/var/static/", f"{files_root}/static/")
        lines.append(line)
    text = "\n".join(lines)
    # The first server block only redirects port 80 to HTTPS: not part of this test.
    start = text.index("server {")
    end = text.index("}", text.index("return 301", start)) + 1
    text = text[:start] + text[end:]
    for needed in ("X-Forwarded-For $proxy_add_x_forwarded_for", f"listen {LOOPBACK}:{port}", "add_header X-Upstream"):
        assert needed in text, f"deploy/nginx.conf changed shape: {needed!r} missing in\n{text}"
    return text
