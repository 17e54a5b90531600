"""Run the benchmarks and print their figures as Markdown; --write also puts them in docs/benchmarks.md.

    python bench/run.py                 # all: engine, profile, api, pages, load
    python bench/run.py engine          # determinations/s and the whole answer space
    python bench/run.py profile         # where evaluate() spends its time
    python bench/run.py api --write     # the API (saving on and off) beside bare Flask, into the doc
    python bench/run.py load            # 10,000 mixed requests at 64 connections, nothing lost
    python bench/run.py pages           # start, question and policy pages beside bare Flask
    python bench/run.py api --postgres  # also on the PostgreSQL server TEST_DATABASE_URL names
                                        # (tests/with-postgres starts a throwaway one and sets it)
    python bench/run.py api --connections 32 --bare-sync   # issue 19's way: 32 connections, and the bare
                                        # app also under plain sync workers

Benchmarks are run by hand on a quiet machine; compare figures within one run, not across machines.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    # run as a script: make the project root importable, so that `bench` and `app` are found
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import api, engine, load, machine, pages, report  # noqa: E402
from bench.wrk import LoadGeneratorMissing, ensure_wrk, wrk_version  # noqa: E402

SECTIONS = ("engine", "profile", "api", "pages", "load")
HEADINGS = {
    "engine": "The engine",
    "profile": "Where evaluate() spends its time",
    "api": "The API beside a bare Flask app",
    "pages": "Pages beside a bare Flask app",
    "load": "The load test",
}


def _options(args: argparse.Namespace, names: tuple[str, ...]) -> str:
    """The options given on the command line that matter to one section, for its reproduce command."""
    defaults = parser().parse_args([args.benchmark])
    shown = [_option(name, getattr(args, name)) for name in names if getattr(args, name) != getattr(defaults, name)]
    return (" " + " ".join(shown)) if shown else ""


def _option(name: str, value) -> str:
    flag = "--" + name.replace("_", "-")
    if value is True:
        return flag
    return f"{flag} {value:g}" if isinstance(value, (int, float)) else f"{flag} {value}"


def _postgres_url(args: argparse.Namespace) -> str | None:
    if not args.postgres:
        return None
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        # tests/with-postgres runs the command on SQLite alone where it cannot start a server
        print("--postgres: TEST_DATABASE_URL is not set, so SQLite alone; `tests/with-postgres "
              ".venv/bin/python bench/run.py api --postgres` starts a throwaway server and sets it", file=sys.stderr)
    return url or None


def _postgres_version(url: str) -> str:
    from sqlalchemy import create_engine, text
    engine_ = create_engine(url)
    try:
        with engine_.connect() as connection:
            return connection.execute(text("SHOW server_version")).scalar()
    finally:
        engine_.dispose()


def section(name: str, args: argparse.Namespace) -> str:
    busy = machine.load_average()
    if name == "engine":
        result = engine.run(min_seconds=args.min_seconds, repeat=args.repeat, space_step=args.space_step)
        command = "python bench/run.py engine" + _options(args, ("min_seconds", "repeat", "space_step"))
        body = engine.markdown(result, command)
        facts = machine.describe()
    elif name == "profile":
        result = engine.profile(step=args.profile_step)
        command = "python bench/run.py profile" + _options(args, ("profile_step",))
        body = engine.profile_markdown(result, command)
        facts = machine.describe()
    elif name == "api":
        ensure_wrk()
        postgres = _postgres_url(args)
        result = api.run(seconds=args.seconds, rounds=args.rounds, connections=args.connections,
                         workers=args.workers, warmup_seconds=args.warmup, postgres_url=postgres,
                         bare_sync=args.bare_sync)
        command = "python bench/run.py api" + _options(
            args, ("seconds", "rounds", "connections", "workers", "warmup", "postgres", "bare_sync"))
        if postgres:
            command = f"tests/with-postgres .venv/bin/{command}"
        body = api.markdown(result, command)
        extra = {"load generator": f"wrk {wrk_version()}"}
        if postgres:
            extra["postgresql"] = f"{_postgres_version(postgres)} on 127.0.0.1, fsync off (tests/with-postgres)"
        facts = machine.describe(extra)
    elif name == "pages":
        ensure_wrk()
        result = pages.run(seconds=args.seconds, rounds=args.rounds, connections=args.connections,
                           workers=args.workers, warmup_seconds=args.warmup)
        command = "python bench/run.py pages" + _options(args, ("seconds", "rounds", "connections", "workers", "warmup"))
        body = pages.markdown(result, command)
        facts = machine.describe({"load generator": f"wrk {wrk_version()}"})
    else:
        postgres = _postgres_url(args)
        results = [load.run(requests=args.requests, users=args.users, max_seconds=args.max_seconds,
                            workers=args.workers, worker_class=args.worker_class)]
        if postgres:
            results.append(load.run(requests=args.requests, users=args.users, max_seconds=args.max_seconds,
                                    workers=args.workers, worker_class=args.worker_class, postgres_url=postgres))
        command = "python bench/run.py load" + _options(
            args, ("requests", "users", "max_seconds", "workers", "worker_class", "postgres"))
        if postgres:
            command = f"tests/with-postgres .venv/bin/{command}"
        body = load.markdown(results, command)
        extra = {"load generator": "bench/load.py (asyncio, in one process)"}
        if postgres:
            extra["postgresql"] = f"{_postgres_version(postgres)} on 127.0.0.1, fsync off (tests/with-postgres)"
        facts = machine.describe(extra)
    facts["load average before the run"] = busy
    return f"Measured on:\n\n{machine.markdown(facts)}\n\n{body}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("benchmark", nargs="?", default="all", choices=("all",) + SECTIONS)
    p.add_argument("--write", action="store_true", help="also update docs/benchmarks.md")
    engine_options = p.add_argument_group("engine")
    engine_options.add_argument("--min-seconds", type=float, default=1.0, help="per measurement (default 1)")
    engine_options.add_argument("--repeat", type=int, default=5, help="measurements per figure (default 5)")
    engine_options.add_argument("--space-step", type=int, default=1,
                                help="evaluate every n-th answer of the space and scale up (default 1: all)")
    engine_options.add_argument("--profile-step", type=int, default=1,
                                help="profile every n-th answer of the space (default 1: all)")
    api_options = p.add_argument_group("api and pages")
    api_options.add_argument("--seconds", type=float, default=10, help="per scenario and round (default 10)")
    api_options.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    api_options.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    api_options.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    api_options.add_argument("--warmup", type=float, default=2, help="warm-up seconds per scenario (default 2)")
    api_options.add_argument("--postgres", action="store_true",
                             help="api: also save to PostgreSQL; load: run again on it (reads TEST_DATABASE_URL)")
    api_options.add_argument("--bare-sync", action="store_true",
                             help="api: also bare Flask under gunicorn's sync workers, as issue 19 measured it")
    load_options = p.add_argument_group("load")
    load_options.add_argument("--requests", type=int, default=10_000, help="requests in all (default 10,000)")
    load_options.add_argument("--users", type=int, default=64,
                              help="simulated users, one connection each (default 64)")
    load_options.add_argument("--max-seconds", type=float, default=600, help="time cap (default 600)")
    load_options.add_argument("--worker-class", default="gthread", choices=("sync", "gthread"),
                              help="gunicorn's worker class (default gthread, as `make run` serves the app)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    names = SECTIONS if args.benchmark == "all" else (args.benchmark,)
    for name in names:
        try:
            text = section(name, args)
        except LoadGeneratorMissing as missing:
            print(missing, file=sys.stderr)
            return 2
        print(f"## {HEADINGS[name]}\n\n{text}\n", flush=True)
        if args.write:
            report.update(name, HEADINGS[name], text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
