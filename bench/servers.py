"""Start and stop gunicorn on a free loopback port: the same settings for every app measured."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .machine import ROOT

HOST = "127.0.0.1"  # benchmarks only ever listen and send on this machine's loopback
WORKERS = 2
WORKER_CLASS = "gthread"  # as gunicorn.conf.py serves the app for `make run`
THREADS = 4  # per worker, for the gthread worker class only
CONFIG = ROOT / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def gunicorn_settings(workers: int = WORKERS, worker_class: str = WORKER_CLASS, threads: int = THREADS) -> list[str]:
    """The settings every measured app gets: gunicorn.conf.py, as `make run` serves the app, with the
    workers given here; only the app itself differs. No access log: the app writes its own JSON line per
    request to stderr, which goes to a file (never a pipe nobody reads)."""
    threaded = ["--threads", str(threads)] if worker_class == "gthread" else []
    return ["--config", str(CONFIG), "--workers", str(workers), "--worker-class", worker_class, *threaded,
            "--chdir", str(ROOT), "--log-level", "warning"]


@dataclass
class Server:
    """One gunicorn serving one app; use it as a context manager so it always stops."""
    name: str
    app: str  # gunicorn's APP_MODULE, such as "app:create_app()"
    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    workers: int = WORKERS
    worker_class: str = WORKER_CLASS
    threads: int = THREADS
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{self.port}",
                *gunicorn_settings(self.workers, self.worker_class, self.threads), self.app]

    def start(self, ready_seconds: float = 90) -> "Server":
        self.port = self.port or free_port()
        log = open(self.log_path, "ab")
        # its own session, so that the master and its workers can be stopped together by its id; the app is
        # reached at the server's own address (its tokens' aud, its links) unless the env says otherwise
        env = {**os.environ, "PUBLIC_BASE_URL": self.url, **self.env}
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        # it is used as soon as it answers: the bound is for two test workers starting servers on busy cores
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start:\n{self.log_tail()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {ready_seconds:.0f} s:\n{self.log_tail()}")

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            connection.close()

    def worker_pids(self) -> list[int]:
        """The workers' ids: the processes whose parent is this gunicorn (Linux /proc)."""
        if not self.process:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers (Linux only; 0 elsewhere)."""
        total = 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        for pid in ([self.process.pid] if self.process else []) + self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime and stime
        return total

    def stop(self, grace_seconds: float = 10) -> None:
        if not self.process or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers and exits
        try:
            self.process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=grace_seconds)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
