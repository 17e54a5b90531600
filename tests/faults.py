"""Ways to break a database file on purpose, for the fault tests."""
import contextlib
import os
import shutil
import subprocess
from pathlib import Path


def _files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


@contextlib.contextmanager
def read_only(path: Path):
    """The SQLite file (and its WAL) read-only, then writable again. As root, mode bits do not stop a
    write, so the files are also marked immutable (chattr +i), which stops root too."""
    files = _files(path)
    modes = {p: p.stat().st_mode for p in files}
    immutable = os.geteuid() == 0 and shutil.which("chattr")
    for p in files:
        p.chmod(0o444)
        if immutable:
            subprocess.run(["chattr", "+i", str(p)], check=True)
    try:
        yield
    finally:
        for p in files:
            if immutable:
                subprocess.run(["chattr", "-i", str(p)], check=True)
            p.chmod(modes[p])


def delete(path: Path) -> None:
    for p in _files(path):
        p.unlink()
