"""What a figure was measured on: the machine, the software and the commit, so a reader can compare."""
from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def _commit() -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    try:
        commit = git("rev-parse", "--short", "HEAD")
        # the report being rewritten is no change to what is measured
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if not commit:
        return "unknown"
    return commit + (" with uncommitted changes" if dirty else "")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes: how busy it was with other work."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def describe(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The facts a reader needs to compare one run with another."""
    facts = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cpus": f"{os.cpu_count()} (nproc {len(os.sched_getaffinity(0))})",
        "cpu model": _cpu_model(),
        "memory": _memory(),
        "os": _os(),
        "python": platform.python_version(),
        "packages": ", ".join(f"{name} {_version(name)}" for name in ("Flask", "Werkzeug", "gunicorn")),
    }
    facts.update(extra or {})
    return facts


def markdown(facts: dict[str, str]) -> str:
    return "\n".join(f"- {name}: {value}" for name, value in facts.items())
