"""docs/benchmarks.md: each benchmark owns one marked section and rewrites only that section."""
from __future__ import annotations

import re
from pathlib import Path

from .machine import ROOT

DOC = ROOT / "docs" / "benchmarks.md"
TITLE = "# Benchmarks\n"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def update(name: str, heading: str, body: str, doc: Path = DOC) -> None:
    """Put body between the section's markers; a section not there yet goes at the end, under heading."""
    start, end = _markers(name)
    block = f"{start}\n{body.strip()}\n{end}"
    text = doc.read_text() if doc.exists() else TITLE
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text, count=1)
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n{block}\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text if text.endswith("\n") else text + "\n")
