"""gunicorn's settings for Coverage Check, read by `make run`, the tests' live server and the benchmarks.

Threaded workers (gthread): a client that opens a connection and sends nothing, or stops half-way
through its body, holds one thread of one worker, not a whole worker, and only for a few seconds.
Settings given on gunicorn's command line win over these.
"""
import gc
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))
timeout = 30          # a worker silent this long (stuck, not merely busy) is replaced
graceful_timeout = 10
keepalive = 5         # an idle kept-alive connection is closed after this many seconds
# no control socket: it is one path per user, and tests and benchmarks run several servers side by side
control_socket_disable = True
BODY_SECONDS = 10     # a body that stops arriving for this long frees its thread (the app answers 400)

# X-Forwarded-* are believed only from the proxies the app trusts (TRUSTED_PROXIES, TRUSTED_PROXY_IPS):
# gunicorn otherwise takes X-Forwarded-Proto from 127.0.0.1 and anyone there could claim HTTPS
if int(os.environ.get("TRUSTED_PROXIES", "0")):
    # the same list, read the same way as app/config.py reads it (commas or spaces)
    forwarded_allow_ips = ",".join(os.environ.get("TRUSTED_PROXY_IPS", "127.0.0.1 ::1").replace(",", " ").split())
else:
    forwarded_allow_ips = ""


def pre_request(worker, req):
    # gunicorn waits for a body without limit; a timeout on the socket makes a stalled body end
    sock = getattr(req.unreader, "sock", None)
    if sock is not None:
        sock.settimeout(BODY_SECONDS)


def on_starting(server):
    """Import the app's modules and read the ICD-10-CM table once, in the master, before a worker is forked.

    Each worker did both itself (about 3 s of CPU, half of it the table); forked, they share what was read and
    start in a tenth of a second, as does a worker that replaces one. Code and read-only data only: the app, its
    database connections and its caches are still made by each worker (no preload_app)."""
    import importlib
    import pkgutil

    import app
    for module in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(module.name)
    from app.coverage.icd10 import look_up
    look_up("F32.9")


def post_worker_init(worker):
    # what the app holds from start-up (the policy versions, the code tables, the templates) lives as
    # long as the worker: kept out of the garbage collector's counts, a collection no longer walks it
    # on every page (gc.freeze: every later collection ignores what it holds now)
    gc.freeze()
