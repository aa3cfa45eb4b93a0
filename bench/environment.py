"""Around each benchmark run: the environment the app runs in, databases in the PostgreSQL cluster, gunicorn."""

import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import django
import psycopg

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
WORK = REPO / "var" / "bench"
STATIC_ROOT = WORK / "static"
SECRET_KEY = "bench-only-secret-key-9f1c2e7a4b6d8e0f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b"
# Production settings behind a TLS-terminating proxy, as deploy/nginx.conf runs them; the load sends the header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def django_env(database_url):
    """The environment of manage.py, the probe and gunicorn: production settings on `database_url`."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        "PYTHONPATH": str(REPO),
    })
    return env


def prepare_static():
    """collectstatic with the production storage (hashed, compressed) into a bench-only STATIC_ROOT."""
    shutil.rmtree(STATIC_ROOT, ignore_errors=True)
    STATIC_ROOT.mkdir(parents=True)
    env = django_env("sqlite:///:memory:")
    run(["manage.py", "collectstatic", "--no-input", "-v", "0"], env=env)


def run(command, env):
    """Run a Python script of the repository (manage.py, bench/run.py) with `env`; fail if it fails."""
    subprocess.run([PY, *command], cwd=REPO, env=env, check=True)


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url):
    return psycopg.connect(url, autocommit=True)


def recreate_database(admin_url, name, template=None):
    with _admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(admin_url, name):
    with _admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def analyze(url):
    with _admin(url) as conn:
        conn.execute("VACUUM ANALYZE")


def database_size(url):
    with _admin(url) as conn:
        return conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]


def machine_facts(database_url):
    with _admin(database_url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
        "postgresql": server, "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, args):
    """gunicorn with production settings on `port`, in its own session, once it answers; exits if it does not."""
    server_env = {
        **env,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_WORKER_CLASS": args.worker_class,
        "GUNICORN_THREADS": str(args.threads if args.worker_class == "gthread" else 1),
        "GUNICORN_ACCESS_LOG": "",  # logging every request would cost the server CPU the client measures
        # No worker restarts in the middle of a measurement, unless the measurement is about them.
        "GUNICORN_MAX_REQUESTS": env.get("GUNICORN_MAX_REQUESTS", "0"),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [GUNICORN, "shortscience.wsgi", "--config", str(REPO / "deploy" / "gunicorn.conf.py")],
        cwd=REPO, env=server_env, start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer within 30 s")


def start_redis(port):
    """A throwaway redis-server on `port` (no persistence), the shared cache of production's workers; exits if it
    does not answer."""
    binary = shutil.which("redis-server") or sys.exit("redis-server not found: `make bench` installs it")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    sys.exit(f"redis-server did not answer on port {port} within 15 s")


def stop(server):
    """Stop a server started here, gunicorn with its workers or redis (SIGTERM, then SIGKILL after 20 s)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
