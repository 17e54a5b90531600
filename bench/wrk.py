"""Load generation with wrk (Debian's `wrk` package): a bounded run against a local URL, as data.

wrk is written in C and needs a fraction of a core for thousands of requests a second, so on a small
machine it takes little from the servers it measures. The requests come from a list of Request; the
Lua script beside this file sends them in turn and reports latency percentiles and status counts.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_mix.lua"
INSTALL_HINT = ("The API benchmark needs wrk, a load generator packaged by Debian and Ubuntu: "
                "run `sudo apt-get install wrk` (or `brew install wrk` on macOS), then run it again.")


class LoadGeneratorMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str = ""
    content_type: str = ""
    cookie: str = ""  # a Cookie header, for pages that need a check in progress

    def line(self) -> str:
        for part in (self.method, self.path, self.body, self.content_type, self.cookie):
            if "\t" in part or "\n" in part:
                raise ValueError(f"a request for wrk must fit on one line without tabs: {self.path}")
        return f"{self.method}\t{self.path}\t{self.content_type}\t{self.cookie}\t{self.body}"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    bytes: int
    latency_ms: dict[str, float]
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    generator_cpu_seconds: float
    settings: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def not_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values())

    @property
    def generator_cpu_share(self) -> float:
        """The share of one core the load generator itself used."""
        return self.generator_cpu_seconds / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    """The path of wrk; installed from Debian's packages when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env, timeout=300)
        found = shutil.which("wrk")
        if found:
            return found
    raise LoadGeneratorMissing(INSTALL_HINT)


def wrk_version() -> str:
    try:
        out = subprocess.run([ensure_wrk(), "--version"], capture_output=True, text=True, timeout=10)
    except (LoadGeneratorMissing, OSError, subprocess.SubprocessError):
        return "not installed"
    return (out.stdout or out.stderr).split("[")[0].replace("wrk", "").strip() or "unknown"


def run_wrk(base_url: str, requests: list[Request], *, connections: int, threads: int = 1,
            seconds: float = 10, max_requests: int | None = None, timeout_seconds: int = 10) -> LoadResult:
    """One bounded run: it ends after `seconds`, or sooner once `max_requests` responses are in."""
    if not base_url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError("load is only ever sent to this machine's loopback address")
    wrk = ensure_wrk()
    per_thread = -(-max_requests // threads) if max_requests else 0
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        listing = Path(tmp) / "requests.tsv"
        listing.write_text("\n".join(r.line() for r in requests) + "\n")
        command = [wrk, "--threads", str(threads), "--connections", str(connections),
                   "--duration", f"{max(1, round(seconds))}s", "--timeout", f"{timeout_seconds}s",
                   "--script", str(WRK_SCRIPT), base_url, "--", str(listing), str(per_thread)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = next((line.split(" ", 1)[1] for line in done.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if summary is None:
        raise RuntimeError(f"wrk gave no summary (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    data = json.loads(summary)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return LoadResult(
        requests=data["requests"], seconds=data["duration_us"] / 1e6, bytes=data["bytes"],
        latency_ms={name: value / 1000 for name, value in data["latency_us"].items()},
        statuses={int(status): n for status, n in data["statuses"].items()},
        socket_errors={name: n for name, n in data["errors"].items() if name != "status"},
        generator_cpu_seconds=cpu,
        settings={"connections": connections, "threads": threads, "seconds": seconds, "max_requests": max_requests},
    )
