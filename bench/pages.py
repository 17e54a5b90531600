"""Pages under gunicorn beside a bare Flask app under the same gunicorn, measured in one run.

A start page (/member), a question page (/check/<id>/diagnosis, with the cookie of a check in progress)
and the policy page (/policy/A015), each driven by wrk in turn against the app, and the bare Flask
app's constant page of about the same size, for several rounds; each ratio is the median of the
rounds' ratios, as for the API.
"""
from __future__ import annotations

import html
import http.client
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .api import BARE, Round, app_environment
from .servers import THREADS, WORKERS, Server
from .wrk import Request, run_wrk

GOAL_RATIO = 0.6
START, QUESTION, POLICY = "start page /member", "question page /check/diagnosis", "policy page /policy/A015"
RETURNING = "start page /member, returning"  # with the session cookie its first visit was given
_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"|value="([^"]+)"[^>]*?name="csrf_token"')


def _exchange(port: int, method: str, path: str, cookie: str = "", body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        _exchange.location = response.getheader("Location") or ""
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        connection.close()


def check_in_progress(port: int) -> tuple[str, str]:
    """The session cookie of a member's check just started, as a browser would hold it, and the address of
    its first question (each check has its id in its addresses)."""
    status, set_cookie, page = _exchange(port, "GET", "/member")
    cookie = set_cookie.split(";", 1)[0]
    token = _CSRF.search(page.decode())
    fields = {"csrf_token": html.unescape(token.group(1) or token.group(2))} if token else {}
    status, set_cookie, _ = _exchange(port, "POST", "/member", cookie, urlencode(fields))
    if status != 302 or not set_cookie:
        raise RuntimeError(f"could not start a check: {status}")
    return set_cookie.split(";", 1)[0], _exchange.location.replace(f"http://127.0.0.1:{port}", "")


@dataclass
class PagesResult:
    settings: dict
    rounds: dict[str, list[Round]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    def ratios(self, name: str) -> list[float]:
        return [a.load.per_second / b.load.per_second for a, b in zip(self.rounds[name], self.rounds[BARE])]

    def ratio(self, name: str) -> float:
        return statistics.median(self.ratios(name))

    def cpu_per_request(self, name: str) -> float:
        rounds = self.rounds[name]
        return sum(r.server_cpu_seconds for r in rounds) / sum(r.load.requests for r in rounds)


def run(seconds: float = 10, rounds: int = 3, connections: int = 16, warmup_seconds: float = 2,
        workers: int = WORKERS, progress=lambda message: print(message, file=sys.stderr)) -> PagesResult:
    result = PagesResult({"seconds": seconds, "rounds": rounds, "connections": connections,
                          "warmup_seconds": warmup_seconds, "workers": workers})
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        tmp = Path(tmp)
        bare = Server("bare-flask-pages", "bench.bare_app:app", tmp, workers=workers)
        app = Server("app-pages", "app:create_app()", tmp, env=app_environment(tmp), workers=workers)
        with bare, app:
            progress(f"pages: bare Flask on {bare.url}, the app on {app.url}")
            cookie, question = check_in_progress(app.port)
            returning = _exchange(app.port, "GET", "/member")[1].split(";", 1)[0]
            scenarios = {BARE: (bare, [Request("GET", "/member")]),
                         START: (app, [Request("GET", "/member")]),
                         RETURNING: (app, [Request("GET", "/member", cookie=returning)]),
                         QUESTION: (app, [Request("GET", question, cookie=cookie)]),
                         POLICY: (app, [Request("GET", "/policy/A015")])}
            for name, (server, requests) in scenarios.items():
                status, _, body = _exchange(server.port, "GET", requests[0].path, requests[0].cookie)
                if status != 200:
                    raise RuntimeError(f"{name} answered {status}")
                result.sizes[name] = len(body)
                if warmup_seconds:
                    run_wrk(server.url, requests, connections=connections, seconds=warmup_seconds)
            for number in range(1, rounds + 1):
                # a browser sends back the cookie it was given last: a check started now, not one whose
                # cookie is minutes old (a page of that marks the check used again, and sends a new cookie)
                cookie, question = check_in_progress(app.port)
                scenarios[QUESTION] = (app, [Request("GET", question, cookie=cookie)])
                for name, (server, requests) in scenarios.items():
                    progress(f"pages: round {number}/{rounds}, {name}, {seconds:g} s")
                    before = server.cpu_seconds()
                    load = run_wrk(server.url, requests, connections=connections, seconds=seconds)
                    result.rounds.setdefault(name, []).append(Round(load, server.cpu_seconds() - before))
    return result


def markdown(result: PagesResult, command: str) -> str:
    s = result.settings
    lines = [
        f"Command: `{command}`", "",
        f"gunicorn {s['workers']} gthread workers of {THREADS} threads (gunicorn.conf.py) on 127.0.0.1, the same "
        f"settings for both apps; wrk with 1 thread and {s['connections']} connections, one page per scenario; "
        f"{s['rounds']} rounds of {s['seconds']:g} s per scenario, in turn, after a {s['warmup_seconds']:g} s "
        "warm-up each. The bare Flask app answers every GET with a constant page.", "",
        "| scenario | bytes | requests/s | rounds (/s) | p50 ms | p99 ms | non-2xx | server CPU ms/request "
        f"| ratio to {BARE} | per round | goal ({GOAL_RATIO}) |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, rounds in result.rounds.items():
        loads = [r.load for r in rounds]
        per_second = statistics.median(l.per_second for l in loads)
        ratio = "" if name == BARE else f"{result.ratio(name):.2f}"
        per_round = "" if name == BARE else " / ".join(f"{r:.2f}" for r in result.ratios(name))
        verdict = "" if name == BARE else ("met" if result.ratio(name) >= GOAL_RATIO else "**not met**")
        lines.append(
            f"| {name} | {result.sizes.get(name, 0):,} | {per_second:,.0f} | {' / '.join(f'{l.per_second:,.0f}' for l in loads)} "
            f"| {statistics.median(l.latency_ms['p50'] for l in loads):.1f} "
            f"| {statistics.median(l.latency_ms['p99'] for l in loads):.1f} | {sum(l.not_2xx for l in loads)} "
            f"| {result.cpu_per_request(name) * 1000:.2f} | {ratio} | {per_round} | {verdict} |")
    return "\n".join(lines)
