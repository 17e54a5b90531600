"""The API under gunicorn beside a bare Flask app under the same gunicorn, measured in one run.

The API is served with saving on (every POST saves a determination, as the app does) and with saving
off (bench/no_saving.py), so the cost of saving is the difference; with a PostgreSQL URL the API is
also served saving to PostgreSQL. Every server starts at once on a free loopback port; the load
generator then drives one scenario at a time, in turn, for several rounds, so that a noisy machine
slows every scenario alike and the ratio of one to another means something. Every server is stopped
at the end, whatever happens.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .wrk import LoadResult, Request, run_wrk
from .machine import ROOT
from .mix import BODIES
from .servers import THREADS, WORKERS, Server

PATH = "/api/v1/determinations"
GOAL_RATIO = 0.5  # the API's throughput against the bare Flask app's, from issue 2's benchmark
BARE = "bare Flask"
SAVING_OFF = "API, saving off"
SQLITE = "API, saving on (SQLite)"
POSTGRES = "API, saving on (PostgreSQL)"
BARE_SYNC = "bare Flask, sync workers"  # the yardstick as issue 19 measured it: plain `gunicorn -w 2`


def determination_requests(bodies) -> list[Request]:
    return [Request("POST", PATH, json.dumps(body, separators=(",", ":")), "application/json")
            for _label, body in bodies]


@dataclass
class Scenario:
    name: str
    server: str  # the name of the Server it is sent to
    requests: list[Request]


def app_environment(tmp: Path, database_url: str | None = None) -> dict[str, str]:
    """The app as `make run` serves it, but on a database of its own (a new SQLite file unless a URL
    is given) and with no rate limit; the schema is built as `make run` builds it."""
    env = {
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite'}",
        "RATELIMIT_ENABLED": "false",  # the limit would turn a load test into a test of the limit
    }
    if (ROOT / "app" / "migrations").is_dir():
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT,
                              env={"PUBLIC_BASE_URL": "http://127.0.0.1", **os.environ, **env}, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"could not prepare the benchmark's database:\n{done.stderr[-2000:]}")
    return env


def check(server: Server, requests: list[Request]) -> list[tuple[int, str, str | None]]:
    """Send each request once: every one must succeed before load is measured."""
    seen = []
    for r in requests:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request(r.method, r.path, body=r.body.encode(), headers={"Content-Type": r.content_type})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if not 200 <= response.status < 300:
            raise RuntimeError(f"{server.name} answered {response.status} to {r.body}: {body[:300]!r}")
        answer = json.loads(body)
        seen.append((response.status, answer.get("outcome", ""), answer.get("reference")))
    return seen


@dataclass
class Round:
    load: LoadResult
    server_cpu_seconds: float


@dataclass
class ApiResult:
    settings: dict
    rounds: dict[str, list[Round]] = field(default_factory=dict)  # scenario name -> one per round
    outcomes: dict[str, list[str]] = field(default_factory=dict)
    references: dict[str, int] = field(default_factory=dict)  # scenario -> responses of the check with one

    def per_second(self, name: str) -> float:
        return statistics.median(r.load.per_second for r in self.rounds[name])

    def ratio(self, name: str) -> float:
        return self.ratio_to(name, BARE)

    def cpu_per_request(self, name: str) -> float:
        rounds = self.rounds[name]
        return sum(r.server_cpu_seconds for r in rounds) / sum(r.load.requests for r in rounds)

    def cpu_ratio(self, name: str, over: str = BARE) -> float:
        """The other scenario's CPU per request over this one's: what the throughput ratio would be
        with every core busy serving; other processes on the machine move it far less than requests/s.
        NaN when this one counted no CPU at all (/proc counts in ticks of 10 ms: a very short run)."""
        spent = self.cpu_per_request(name)
        return self.cpu_per_request(over) / spent if spent else float("nan")

    def ratio_to(self, name: str, over: str) -> float:
        """The median of the rounds' ratios: within a round the scenarios run minutes apart at most,
        so a round's ratio is taken on one state of the machine, where a ratio of medians may not be."""
        return statistics.median(self.round_ratios_to(name, over))

    def round_ratios_to(self, name: str, over: str) -> list[float]:
        return [a.load.per_second / b.load.per_second for a, b in zip(self.rounds[name], self.rounds[over])]


def run(seconds: float = 10, rounds: int = 3, connections: int = 16, threads: int = 1,
        warmup_seconds: float = 2, workers: int = WORKERS, postgres_url: str | None = None,
        bare_sync: bool = False, progress=lambda message: print(message, file=sys.stderr)) -> ApiResult:
    """One run: bare Flask, the API with saving off, with saving on to SQLite, and to PostgreSQL
    when postgres_url names a server (whose database gets the app's schema and the saved rows);
    with bare_sync, bare Flask also under gunicorn's sync workers, one request at a time each."""
    settings = {"seconds": seconds, "rounds": rounds, "connections": connections, "threads": threads,
                "warmup_seconds": warmup_seconds, "workers": workers, "postgres": bool(postgres_url)}
    result = ApiResult(settings)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        tmp = Path(tmp)
        sqlite_env = app_environment(tmp)
        servers = {
            BARE: Server("bare-flask", "bench.bare_app:app", tmp, workers=workers),
            SAVING_OFF: Server("api-saving-off", "bench.no_saving:create_app()", tmp, env=sqlite_env, workers=workers),
            SQLITE: Server("api-sqlite", "app:create_app()", tmp, env=sqlite_env, workers=workers),
        }
        if postgres_url:
            servers[POSTGRES] = Server("api-postgresql", "app:create_app()", tmp,
                                       env=app_environment(tmp, postgres_url), workers=workers)
        if bare_sync:
            servers[BARE_SYNC] = Server("bare-flask-sync", "bench.bare_app:app", tmp, workers=workers,
                                        worker_class="sync")
        # every scenario posts the same mix of bodies; each server is driven by its own scenario
        scenarios = [Scenario(name, name, determination_requests(BODIES)) for name in servers]
        started = []
        try:
            for server in servers.values():
                started.append(server.start())
                progress(f"api: {server.name} listening on {server.url}")
            for scenario in scenarios:
                server = servers[scenario.server]
                seen = check(server, scenario.requests)
                result.outcomes[scenario.name] = [outcome for _status, outcome, _reference in seen]
                result.references[scenario.name] = sum(1 for *_rest, reference in seen if reference)
                if warmup_seconds:
                    run_wrk(server.url, scenario.requests, connections=connections, threads=threads,
                            seconds=warmup_seconds)
            for number in range(1, rounds + 1):
                for scenario in scenarios:
                    server = servers[scenario.server]
                    progress(f"api: round {number}/{rounds}, {scenario.name}, {seconds:g} s")
                    cpu_before = server.cpu_seconds()
                    load = run_wrk(server.url, scenario.requests, connections=connections,
                                   threads=threads, seconds=seconds)
                    result.rounds.setdefault(scenario.name, []).append(Round(load, server.cpu_seconds() - cpu_before))
        finally:
            for server in reversed(started):
                server.stop()
    return result


def markdown(result: ApiResult, command: str) -> str:
    s = result.settings
    lines = [
        f"Command: `{command}`", "",
        f"gunicorn {s['workers']} gthread workers of {THREADS} threads (gunicorn.conf.py) on 127.0.0.1 (no access log; the app's JSON log line per "
        "request goes to a file), the same settings for every app; "
        f"wrk with {s['threads']} thread and {s['connections']} connections posting the mix of ten bodies; "
        f"{s['rounds']} rounds of {s['seconds']:g} s per scenario, the scenarios in turn within each round, "
        f"after a {s['warmup_seconds']:g} s warm-up each. Figures are the median of the rounds; "
        "errors are summed over them.", "",
        "| scenario | requests/s | rounds (/s) | p50 ms | p95 ms | p99 ms | requests | non-2xx | socket errors "
        "| server CPU ms/request | wrk CPU |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, rounds in result.rounds.items():
        loads = [r.load for r in rounds]
        requests = sum(l.requests for l in loads)

        def median(key):
            return statistics.median(l.latency_ms[key] for l in loads)
        lines.append(
            f"| {name} | {result.per_second(name):,.0f} | {' / '.join(f'{l.per_second:,.0f}' for l in loads)} "
            f"| {median('p50'):.1f} | {median('p95'):.1f} | {median('p99'):.1f} | {requests:,} "
            f"| {sum(l.not_2xx for l in loads)} | {sum(l.errors for l in loads)} "
            f"| {result.cpu_per_request(name) * 1000:.2f} | {statistics.median(l.generator_cpu_share for l in loads):.0%} |")
    if POSTGRES in result.rounds:
        lines += ["", "Server CPU counts gunicorn's processes only: PostgreSQL's own work, in processes of its "
                  "own on the same two cores, is not in it."]
    pairs = [(name, BARE) for name in result.rounds if name != BARE]
    pairs += [(name, SAVING_OFF) for name in (SQLITE, POSTGRES) if name in result.rounds and SAVING_OFF in result.rounds]
    lines += ["", f"Ratios of throughput within this one run, each the median of the rounds' ratios (goal for the "
              f"API against bare Flask: at least {GOAL_RATIO}). The next column is the same ratio from server "
              "CPU per request over all rounds, which the machine's other work moves less:", "",
              "| ratio | median of the rounds | by CPU per request | per round | goal |",
              "|---|---:|---:|---|---|"]
    for name, over in pairs:
        ratio = result.ratio_to(name, over)
        verdict = ("met" if ratio >= GOAL_RATIO else "**not met**") if over == BARE and name != BARE_SYNC else ""
        lines.append(f"| {name} / {over} | {ratio:.2f} | {result.cpu_ratio(name, over):.2f} "
                     f"| {' / '.join(f'{r:.2f}' for r in result.round_ratios_to(name, over))} | {verdict} |")
    if BARE_SYNC in result.rounds:
        lines += ["", f"{BARE_SYNC}: the same bare app under gunicorn's sync workers ({s['workers']}, one request "
                  "at a time each, no keep-alive), as issue 19 measured its yardstick; every other server has "
                  "gunicorn.conf.py's threads."]
    checked = [name for name in result.outcomes if name not in (BARE, BARE_SYNC)]
    if checked:
        outcomes = result.outcomes[checked[0]]
        counts = {o: outcomes.count(o) for o in dict.fromkeys(outcomes)}
        saved = ", ".join(f"{name}: {result.references.get(name, 0)} of {len(result.outcomes[name])}"
                          for name in checked)
        lines += ["", "Every body was posted once to every server before the load (all 2xx); the outcomes: "
                  + ", ".join(f"{n} {o}" for o, n in counts.items())
                  + f". Responses that carried a reference number: {saved}."]
    return "\n".join(lines)
