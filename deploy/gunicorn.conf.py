"""Gunicorn settings for ShortScience (`make serve`, the benchmark, and the systemd unit in deploy/).

Everything can be overridden from the environment, so one file serves a laptop, the benchmark and production:
PORT / GUNICORN_BIND, WEB_CONCURRENCY (workers), GUNICORN_WORKER_CLASS (sync or gthread), GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_ACCESS_LOG ("-" for stdout, "" for none).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Requests are CPU-bound (templates) with short database waits: about one process per core. gthread keeps
# connections alive; on the 2-core reference machine it served 1.5-4x the requests/s of sync workers (bench/).
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "1" if worker_class == "sync" else "4"))

# Behind nginx (deploy/nginx.conf) slow clients are buffered by the proxy, so short timeouts are safe.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow forever; jitter keeps them from restarting together.
# Rarely: each restart drops the worker's keep-alive connections and, without Redis, its in-memory page cache; at
# 5,000 a worker restarted every few seconds at cached rates (cached p99 157-304 ms against a p50 of 5 ms). With
# 100,000 (+-20%) it is every few minutes at the busiest; bench/run.py --recycling-seconds measures both.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 5

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
# nginx on the same host sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "shortscience"
