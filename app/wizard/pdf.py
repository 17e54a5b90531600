"""A result as a PDF for the chart: the result page's own HTML and print CSS, laid out by WeasyPrint.

WeasyPrint is a maintained HTML/CSS layout engine (BSD licence) that needs Debian's pango; the
Makefile installs it where it is missing. Our stylesheets are read from disk, never over HTTP, so
a worker never waits on a request to itself, and nothing else may be fetched.

Laying a PDF out costs a few hundred milliseconds of CPU (docs/benchmarks.md), and a saved result never
changes: each worker keeps the PDFs it made, by what they show (the saved reference, the layout, the
language, the public address its links print), in a store bounded in count and bytes. The views are
rate-limited per client as well (PDF_RATE_LIMIT), so no client can keep a worker laying PDFs out.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from flask import Response, current_app
from flask_babel import get_locale

from ..extensions import limiter
from ..security import public_base

STATIC_PREFIX = "/static/"
# the screen-only parts of our CSS (media queries by width) are skipped, and it says so for each: not news
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _fetcher(static: Path, origin: str):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        """Our own static files from disk; anything else is refused (and left out of the PDF)."""

        def fetch(self, url, headers=None):
            path = url[len(origin):] if url.startswith(origin + "/") else url
            if path.startswith(STATIC_PREFIX):
                target = (static / path[len(STATIC_PREFIX):].split("?")[0]).resolve()
                if static in target.parents and target.is_file():
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": _mime(target)})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticOnly()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix, "application/octet-stream")


KEEP_PDFS = 64  # per worker: the PDFs kept, at most, and ...
KEEP_BYTES = 16 * 1024 * 1024  # ... their bytes together, at most; the least recently given go first
# the PDF views' limit, one count for both: a result's and a looked-up result's
pdf_limit = limiter.shared_limit(lambda: current_app.config["PDF_RATE_LIMIT"], scope="pdf")


class KeptPdfs:
    """PDFs by what they show, least recently given dropped first, bounded in count and in bytes."""

    def __init__(self, entries: int = KEEP_PDFS, size: int = KEEP_BYTES):
        self.entries, self.size = entries, size
        self._kept: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: tuple, pdf: bytes) -> None:
        if len(pdf) > self.size:
            return
        with self._lock:
            if key in self._kept:
                return
            self._kept[key] = pdf
            self._bytes += len(pdf)
            while len(self._kept) > self.entries or self._bytes > self.size:
                _key, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped)


def _laid_out(html: str) -> bytes:
    from weasyprint import HTML
    base = urlsplit(public_base())
    origin = f"{base.scheme}://{base.netloc}"
    fetcher = _fetcher(Path(current_app.static_folder).resolve(), origin)
    return HTML(string=html, base_url=origin + "/", url_fetcher=fetcher, media_type="print").write_pdf(pdf_tags=True)


def render(page: Callable[[], str], reference: str | None, shows: tuple = ()) -> Response:
    """The page's HTML (made by `page`, only when needed) as a PDF download named after its reference.

    `shows`: what else the page shows besides the saved result under `reference` (the layout, whether it
    was looked up); a result with no reference is laid out each time, never kept."""
    key = (reference, str(get_locale()), public_base(), *shows) if reference else None
    kept = current_app.extensions.setdefault("kept_pdfs", KeptPdfs())
    pdf = kept.get(key) if key else None
    if pdf is None:
        pdf = _laid_out(page())
        if key:
            kept.put(key, pdf)
    name = f"coverage-check-{reference or 'result'}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
