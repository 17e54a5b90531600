"""A result as a PDF for the chart: the result page's own HTML and print CSS, laid out by WeasyPrint.

WeasyPrint is a maintained HTML/CSS layout engine (BSD licence) that needs Debian's pango; the
Makefile installs it where it is missing. Our stylesheets are read from disk, never over HTTP, so
a worker never waits on a request to itself, and nothing else may be fetched.
"""
from __future__ import annotations

from pathlib import Path

import logging

from flask import Response, current_app, request

STATIC_PREFIX = "/static/"
# the screen-only parts of our CSS (media queries by width) are skipped, and it says so for each: not news
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _fetcher(static: Path, host: str):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        """Our own static files from disk; anything else is refused (and left out of the PDF)."""

        def fetch(self, url, headers=None):
            path = url[len(host):] if url.startswith(host) else url
            if path.startswith(STATIC_PREFIX):
                target = (static / path[len(STATIC_PREFIX):].split("?")[0]).resolve()
                if static in target.parents and target.is_file():
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": _mime(target)})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticOnly()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix, "application/octet-stream")


def render(html: str, reference: str | None) -> Response:
    """The page's HTML as a PDF download named after its reference."""
    from weasyprint import HTML
    host = request.host_url.rstrip("/")
    fetcher = _fetcher(Path(current_app.static_folder).resolve(), host)
    document = HTML(string=html, base_url=request.host_url, url_fetcher=fetcher, media_type="print")
    name = f"coverage-check-{reference or 'result'}.pdf"
    return Response(document.write_pdf(), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
