"""gunicorn's settings, from the environment (docker-compose.yml passes them through).

gunicorn -c config/gunicorn.py config.wsgi:application
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Three processes on a small machine, each with threads: a request spends most of its time
# waiting on PostgreSQL and Elasticsearch, not in Python (make load, bench/RESULTS.md: one
# thread each used a third of a core at 9 req/s; four each served 28 req/s).
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request slower than this is killed (and the worker replaced) rather than left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than the front door's idle connection reuse would be wasted; Caddy reuses connections.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
