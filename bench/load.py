"""The load test: mixed requests from simulated people against the app under gunicorn, bounded.

64 simulated users (one connection each, by default) share a budget of 10,000 requests and a time
cap. Each user keeps its own cookies, like a browser, and does one task after another:

- a wizard check: a start page, its Start button, every question page and the answer posted to it
  with the form's CSRF token (CSRF is on, as in the real app), check your answers, then the result;
- an API POST of one body of the mix (bench/mix.py), whose reference number is kept;
- a look-up through the API (GET /api/v1/determinations/<reference>) or through the look-up page
  (POST /lookup, then the page it redirects to), of a reference saved earlier in the run.

Afterwards every reference a response gave (API and result pages) is looked for in the database,
and the rows the run added are counted: none may be lost, and none may be there without a reference
given out. The client is our own, on asyncio with plain HTTP/1.1: a load generator on a two-core
machine takes CPU from the server it measures, and this one needs a small fraction of a core (its
CPU and the server's are reported beside the figures). It sends only to 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import html
import json
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .api import app_environment
from .mix import BODIES
from .servers import HOST, WORKER_CLASS, WORKERS, Server

WIZARD, RESULT, API_POST, API_LOOKUP, LOOKUP_PAGE = (
    "wizard page", "result page", "API POST", "API look-up", "look-up page")
KINDS = (WIZARD, RESULT, API_POST, API_LOOKUP, LOOKUP_PAGE)

# how often a user picks each task; a wizard check is about 20 requests, the others one each
TASK_WEIGHTS = {"wizard": 1, API_POST: 10, API_LOOKUP: 5, LOOKUP_PAGE: 5}

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"|value="([^"]+)"[^>]*?name="csrf_token"')
_REFERENCE = re.compile(r'class="reference__number">\s*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\s*<')
SLUGS = {"diagnosis": "diagnosis", "service": "service", "provider-credential": "credential", "state": "state",
         "setting": "setting", "group": "group", "session": "session", "minutes": "minutes",
         "delivery": "delivery", "date-of-service": "date_of_service"}


@dataclass(frozen=True)
class Journey:
    """One person's way through the wizard: the audience and the answer each question page gets."""
    label: str
    audience: str
    answers: dict  # question name -> the form fields posted for it

    def form(self, name: str) -> dict[str, str]:
        if name not in self.answers:
            raise KeyError(f"the wizard asked {name!r}, which the journey {self.label!r} does not answer")
        return self.answers[name]


def journey(label: str, audience: str, **answers) -> Journey:
    forms = {}
    for name, value in answers.items():
        if name == "minutes":
            forms[name] = {"minutes_unknown": "y"} if value == "unknown" else {"minutes": str(value)}
        elif name == "date_of_service":
            year, month, day = value.split("-")
            forms[name] = {"month": str(int(month)), "day": str(int(day)), "year": year}
        else:
            forms[name] = {name: value}
    return Journey(label, audience, forms)


# the wizard's answers for people like those of the API mix: each outcome, each audience
JOURNEYS = (
    journey("member, coaching by an NBC-HWC coach", "member", diagnosis="mental_health", service="coaching",
            credential="nbhwc", state="NY", setting="outpatient", group="individual", session="initial",
            delivery="in_person", date_of_service="2024-03-01"),
    journey("provider, coaching follow-up too short", "provider", diagnosis="mental_health", service="coaching",
            credential="nchec", state="OH", setting="outpatient", group="individual", session="follow_up",
            minutes=20, delivery="in_person", date_of_service="2024-03-01"),
    journey("agent, peer support by a certified peer", "agent", diagnosis="both", service="peer_support",
            credential="certified_peer", state="CA", setting="outpatient", minutes=60, delivery="in_person",
            date_of_service="2024-03-01"),
    journey("member, not sure of most answers", "member", diagnosis="unknown", service="coaching",
            credential="unknown", state="GA", setting="unknown", group="unknown", session="unknown",
            minutes="unknown", delivery="unknown", date_of_service="2024-03-01"),
    journey("agent, peer support with no diagnosis", "agent", diagnosis="none", service="peer_support",
            credential="certified_peer", state="FL", setting="outpatient", minutes="unknown",
            delivery="telehealth", date_of_service="2024-03-01"),
)


class BudgetSpent(Exception):
    """The run's request budget or time cap is used up: the user stops."""


class Unexpected(Exception):
    """A response the test did not expect (it is counted, and the user's task is abandoned)."""


@dataclass
class Stats:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: dict[str, collections.Counter] = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    errors: collections.Counter = field(default_factory=collections.Counter)  # connection errors, timeouts
    unexpected: list[str] = field(default_factory=list)  # a few examples, for the report
    unexpected_count: int = 0
    api_saved: set[str] = field(default_factory=set)  # references from 200 API POSTs
    api_not_saved: int = 0  # 200 API POSTs that said no reference could be saved
    api_ok: int = 0
    wizard_saved: set[str] = field(default_factory=set)  # references shown on result pages
    results_without_reference: int = 0
    wizard_checks: int = 0  # completed: the result page was shown

    def note(self, message: str) -> None:
        self.unexpected_count += 1
        if len(self.unexpected) < 5:
            self.unexpected.append(message)


class Budget:
    def __init__(self, requests: int, deadline: float):
        self.left = requests
        self.deadline = deadline

    def take(self) -> None:
        if self.left <= 0 or time.monotonic() > self.deadline:
            raise BudgetSpent
        self.left -= 1


class User:
    """One simulated person: one connection at a time, and a cookie jar of its own."""

    def __init__(self, host: str, port: int, stats: Stats, budget: Budget, timeout: float):
        self.host, self.port = host, port
        self.stats, self.budget, self.timeout = stats, budget, timeout
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, kind: str, method: str, path: str, body: bytes = b"",
                      content_type: str = "") -> tuple[int, dict[str, list[str]], bytes]:
        self.budget.take()
        started = time.perf_counter()
        try:
            status, headers, data = await asyncio.wait_for(
                self._exchange(method, path, body, content_type), self.timeout)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            await self.close()
            self.stats.errors[type(error).__name__] += 1
            self.stats.latencies_ms[kind].append((time.perf_counter() - started) * 1000)
            raise Unexpected(f"{method} {path}: {type(error).__name__}") from error
        self.stats.latencies_ms[kind].append((time.perf_counter() - started) * 1000)
        self.stats.statuses[kind][status] += 1
        for cookie in headers.get("set-cookie", []):
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if not value or "max-age=0" in attributes.lower() or "1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return status, headers, data

    async def _exchange(self, method: str, path: str, body: bytes, content_type: str):
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive",
                 "User-Agent: coverage-check-load-test"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        try:
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            # a kept-alive connection the server closed before this request: no byte of an answer
            # came back, so the request was never read, and it is sent once more on a new connection
            if not reused or (isinstance(error, asyncio.IncompleteReadError) and error.partial):
                raise
            await self.close()
            return await self._exchange(method, path, body, content_type)
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, list[str]] = collections.defaultdict(list)
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()].append(value.strip())
        if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            data = await self._chunked()
        elif "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"][0]))
        else:
            data = await self.reader.read()
            await self.close()
        if "close" in ",".join(headers.get("connection", [])).lower():
            await self.close()
        return status, headers, data

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    # --- the tasks ---------------------------------------------------------------------------

    async def page(self, kind: str, path: str, expect: int = 200) -> str:
        status, _headers, data = await self.request(kind, "GET", path)
        if status != expect:
            raise Unexpected(f"GET {path}: {status}")
        return data.decode("utf-8", "replace")

    async def post_form(self, kind: str, path: str, fields: dict[str, str], page: str) -> str:
        """POST a form with the CSRF token of the page it was on; the path it redirects to."""
        token = _CSRF.search(page)
        if not token:
            raise Unexpected(f"no CSRF token in the form of {path}")
        fields = {"csrf_token": html.unescape(token.group(1) or token.group(2)), **fields}
        status, headers, data = await self.request(kind, "POST", path, urlencode(fields).encode(),
                                                   "application/x-www-form-urlencoded")
        if status not in (302, 303) or not headers.get("location"):
            raise Unexpected(f"POST {path}: {status} {data[:120]!r}")
        location = urlsplit(headers["location"][0])
        return location.path + (f"?{location.query}" if location.query else "")

    async def wizard_check(self, way: Journey) -> str | None:
        """The whole way through the wizard; the reference number the result page shows."""
        start = f"/{way.audience}"
        page = await self.page(WIZARD, start)
        path = await self.post_form(WIZARD, start, {}, page)
        for _step in range(20):
            if path.split("?")[0].endswith("/answers"):
                break
            slug = path.split("?")[0].rsplit("/", 1)[-1]
            if slug not in SLUGS:
                raise Unexpected(f"the wizard went to {path}")
            page = await self.page(WIZARD, path)
            path = await self.post_form(WIZARD, path, way.form(SLUGS[slug]), page)
        answers = path.split("?")[0]  # each check has its own id: /check/<id>/answers
        page = await self.page(WIZARD, answers)
        path = await self.post_form(WIZARD, answers, {}, page)
        if not path.endswith("/result"):
            raise Unexpected(f"check your answers went to {path}")
        page = await self.page(RESULT, path)
        self.stats.wizard_checks += 1
        found = _REFERENCE.search(page)
        if not found:
            self.stats.results_without_reference += 1
            return None
        self.stats.wizard_saved.add(found.group(1))
        return found.group(1)

    async def api_post(self, body: dict) -> str | None:
        status, _headers, data = await self.request(
            API_POST, "POST", "/api/v1/determinations", json.dumps(body).encode(), "application/json")
        if status != 200:
            raise Unexpected(f"POST /api/v1/determinations: {status} {data[:200]!r}")
        self.stats.api_ok += 1
        reference = json.loads(data).get("reference")
        if reference:
            self.stats.api_saved.add(reference)
        else:
            self.stats.api_not_saved += 1
        return reference

    async def api_lookup(self, reference: str) -> None:
        status, _headers, data = await self.request(API_LOOKUP, "GET", f"/api/v1/determinations/{reference}")
        if status != 200 or json.loads(data).get("reference") != reference:
            raise Unexpected(f"GET /api/v1/determinations/{reference}: {status}")

    async def lookup_page(self, reference: str) -> None:
        # posted, then shown on the page the post redirects to: a reference never stands in an address
        form = await self.page(LOOKUP_PAGE, "/lookup")
        path = await self.post_form(LOOKUP_PAGE, "/lookup", {"reference": reference}, form)
        page = await self.page(LOOKUP_PAGE, path)
        if reference not in page:
            raise Unexpected(f"the look-up page for {reference} does not show it")


async def _user(number: int, settings: dict, stats: Stats, budget: Budget, saved: list[str],
                tasks: dict[str, int]) -> None:
    rng = random.Random(settings["seed"] * 1000 + number)
    user = User(HOST, settings["port"], stats, budget, settings["timeout"])
    names, weights = zip(*tasks.items())
    try:
        while True:
            task = rng.choices(names, weights)[0]
            if task in (API_LOOKUP, LOOKUP_PAGE) and not saved:
                task = API_POST  # nothing saved yet to look up
            try:
                if task == "wizard":
                    reference = await user.wizard_check(rng.choice(JOURNEYS))
                elif task == API_POST:
                    reference = await user.api_post(rng.choice(BODIES)[1])
                elif task == API_LOOKUP:
                    reference = await user.api_lookup(rng.choice(saved))
                else:
                    reference = await user.lookup_page(rng.choice(saved))
            except Unexpected as problem:
                stats.note(str(problem))
                continue
            if task in ("wizard", API_POST) and reference:
                saved.append(reference)  # a wizard result seen again keeps its reference: listed twice
    except BudgetSpent:
        pass
    finally:
        await user.close()


@dataclass
class LoadResult:
    settings: dict
    seconds: float
    stats: Stats
    client_cpu_seconds: float
    server_cpu_seconds: float
    rows_added: int
    references_missing: list[str]
    lookup_page: bool
    database: str

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.stats.latencies_ms.values())

    @property
    def server_errors(self) -> int:
        return sum(n for counts in self.stats.statuses.values() for status, n in counts.items() if status >= 500)

    @property
    def references(self) -> set[str]:
        return self.stats.api_saved | self.stats.wizard_saved

    @property
    def lost(self) -> int:
        return len(self.references_missing)

    @property
    def rows_without_reference(self) -> int:
        return self.rows_added - (len(self.references) - self.lost)


def _saved_references(database_url: str) -> set[str]:
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return {row[0] for row in connection.execute(text("SELECT reference FROM determinations"))}
    finally:
        engine.dispose()


def _display(reference: str) -> str:
    return "-".join(reference[i:i + 4] for i in range(0, len(reference), 4))


async def _drive(settings: dict, tasks: dict[str, int], stats: Stats) -> float:
    budget = Budget(settings["requests"], time.monotonic() + settings["max_seconds"])
    saved: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(_user(n, settings, stats, budget, saved, tasks) for n in range(settings["users"])))
    return time.perf_counter() - started


def _probe(server: Server, stats: Stats) -> bool:
    """One of each task before the measured run, so a broken page stops the test early; and whether
    the look-up page is there (it answers 404 in a version without it)."""
    async def probe() -> bool:
        user = User(HOST, server.port, stats, Budget(100, time.monotonic() + 60), 30)
        try:
            await user.wizard_check(JOURNEYS[0])
            await user.api_post(BODIES[0][1])
            reference = next(iter(stats.api_saved))
            await user.api_lookup(reference)
            status, _headers, _data = await user.request(LOOKUP_PAGE, "GET", "/lookup")
            if status == 200:
                await user.lookup_page(reference)
            return status == 200
        finally:
            await user.close()
    return _run(probe())


def _run(coroutine):
    """asyncio.run(coroutine), in a thread of its own when this one already runs an event loop (as a
    test process does after Playwright's sync API has run in it)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def run(requests: int = 10_000, users: int = 64, max_seconds: float = 600, workers: int = WORKERS,
        worker_class: str = WORKER_CLASS, postgres_url: str | None = None, seed: int = 1,
        timeout: float = 60, task_weights: dict[str, int] | None = None,
        progress=lambda message: print(message, file=sys.stderr)) -> LoadResult:
    """One bounded run against a new gunicorn on 127.0.0.1 and a new database (SQLite unless
    postgres_url is given), stopped at the end whatever happens."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        tmp = Path(tmp)
        env = app_environment(tmp, postgres_url)
        server = Server("app-load", "app:create_app()", tmp, env=env, workers=workers, worker_class=worker_class)
        with server:
            progress(f"load: the app listening on {server.url} ({workers} {worker_class} workers, "
                     f"{'PostgreSQL' if postgres_url else 'SQLite'})")
            probe = Stats()
            try:
                lookup_page = _probe(server, probe)
            except Unexpected as problem:
                raise RuntimeError(f"the app did not answer as expected before the load: {problem}\n"
                                   f"{server.log_tail()}") from problem
            tasks = dict(task_weights or TASK_WEIGHTS)
            if not lookup_page:
                progress("load: GET /lookup answered 404: the look-up page is left out of the mix")
                tasks.pop(LOOKUP_PAGE)
            before = _saved_references(env["DATABASE_URL"])
            settings = {"requests": requests, "users": users, "max_seconds": max_seconds, "workers": workers,
                        "worker_class": worker_class, "seed": seed, "timeout": timeout, "port": server.port,
                        "tasks": tasks}
            progress(f"load: {requests:,} requests from {users} users (at most {max_seconds:g} s)")
            stats = Stats()
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            server_before = server.cpu_seconds()
            seconds = _run(_drive(settings, tasks, stats))
            server_cpu = server.cpu_seconds() - server_before
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        # the server has stopped: every write it acknowledged is in the database
        after = _saved_references(env["DATABASE_URL"])
    added = after - before
    stored = {_display(r) for r in added}
    result_refs = stats.api_saved | stats.wizard_saved
    missing = sorted(r for r in result_refs if r not in stored)
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return LoadResult(settings, seconds, stats, client_cpu, server_cpu, len(added), missing, lookup_page,
                      "PostgreSQL" if postgres_url else "SQLite")


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, -(-int(share * 1000) * len(ordered) // 1000) - 1)] if ordered else 0.0


def _status_summary(counts: collections.Counter) -> str:
    return ", ".join(f"{n:,} × {status}" for status, n in sorted(counts.items())) or "none"


def markdown(results: list[LoadResult], command: str) -> str:
    first = results[0]
    s = first.settings
    tasks = ", ".join(f"{name} {weight}" for name, weight in s["tasks"].items())
    lines = [f"Command: `{command}`", "",
             f"gunicorn {s['workers']} {s['worker_class']} workers on 127.0.0.1 serving `app:create_app()` as "
             "`make run` does (CSRF on, the JSON log line of every request to a file), with the rate limit off "
             f"and a new database. {s['users']} simulated users, one connection each, share a budget of "
             f"{s['requests']:,} requests (cap {s['max_seconds']:g} s); each picks its next task at random "
             f"with the weights {tasks} (a wizard check is about 20 requests: a start page, its Start "
             "button, each question page and its answer posted with the form's CSRF token, check your "
             "answers, the result). Look-ups use references saved earlier in the run. "
             + ("Sync workers close the connection after each response, so each request opens a new one. "
                if s["worker_class"] == "sync" else "Connections are kept alive between requests. ")
             + "Latency is from "
             "the request's first byte sent (or its connection opened) to its last byte read; throughput "
             "is requests over the run's wall time."]
    if not first.lookup_page:
        lines += ["", "**The look-up page answered 404 when this was run, so it is not in the mix.**"]
    for result in results:
        stats = result.stats
        everything = [ms for values in stats.latencies_ms.values() for ms in values]
        lines += ["", f"**{result.database}**: {result.requests:,} requests in {result.seconds:.1f} s.", "",
                  "| requests | count | share | requests/s | p50 ms | p95 ms | p99 ms | max ms | statuses |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for kind in [k for k in KINDS if k in stats.latencies_ms] + ["all"]:
            values = everything if kind == "all" else stats.latencies_ms[kind]
            counts = sum(stats.statuses.values(), collections.Counter()) if kind == "all" else stats.statuses[kind]
            name = "**all**" if kind == "all" else kind
            lines.append(
                f"| {name} | {len(values):,} | {len(values) / max(result.requests, 1):.0%} "
                f"| {len(values) / result.seconds:,.1f} | {_percentile(values, 0.50):.1f} "
                f"| {_percentile(values, 0.95):.1f} | {_percentile(values, 0.99):.1f} | {max(values):.0f} "
                f"| {_status_summary(counts)} |")
        errors = sum(stats.errors.values())
        lines += ["",
                  f"- 5xx responses: **{result.server_errors}**; connection errors and timeouts: **{errors}**"
                  + (f" ({dict(stats.errors)})" if errors else "")
                  + f"; other unexpected answers: **{stats.unexpected_count}**"
                  + (f" (for example {'; '.join(stats.unexpected[:3])})" if stats.unexpected else "") + ".",
                  f"- Saved determinations: {stats.api_ok:,} API POSTs answered 200, {len(stats.api_saved):,} with a "
                  f"reference ({stats.api_not_saved} said none could be saved); {stats.wizard_checks:,} wizard checks "
                  f"reached the result page, which showed {len(stats.wizard_saved):,} distinct references "
                  f"({stats.results_without_reference} showed none). Of the {len(result.references):,} references "
                  f"given out, **{result.lost} not found** in the database; the run added {result.rows_added:,} "
                  f"rows, **{result.rows_without_reference} without a reference given out**.",
                  f"- CPU: the server {result.server_cpu_seconds:.1f} s ({result.server_cpu_seconds / result.seconds:.0%} "
                  f"of one core over the run, {result.server_cpu_seconds / max(result.requests, 1) * 1000:.2f} ms a "
                  f"request); the load generator {result.client_cpu_seconds:.1f} s "
                  f"({result.client_cpu_seconds / result.seconds:.0%} of one core)."]
    return "\n".join(lines)
