"""gunicorn's settings for Peyman: `gunicorn config.wsgi` reads this file from the working directory.

Chosen by measurement on 2 cores with 1,000,000 entries (docs/scale.md, "Load"): a page's time is
mostly Python (templates, the ORM) under the GIL, so processes beat threads; five plain workers
(2 x cores + 1) gave the lowest p95 and p99 at 60 simulated people, against 2 x 4 and 4 x 2
threaded workers. Behind the TLS-terminating proxy (README, Deploying), which buffers slow clients,
sync workers are safe. Every value can be overridden from the environment (GUNICORN_WORKERS,
GUNICORN_THREADS, GUNICORN_BIND, GUNICORN_ACCESS_LOG) without editing this file.
"""

import os

from config.startup import settings_or_exit

# Before any worker forks: a missing SECRET_KEY (say) is one line here, not a traceback per worker.
settings_or_exit()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Each worker process holds the whole app (about 100 MB resident).
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A report is rendered by the job worker, never in a request: 30 s is plenty for any page.
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that slow growth of memory cannot build up.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Behind a TLS-terminating proxy on the same host (README, Deploying): trust its X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
