"""The API with saving turned off, for the API benchmark only: what saving costs is the difference.

gunicorn serves `bench.no_saving:create_app()` in a process of its own. The factory replaces the
API's `save_determination` (imported into app.api.routes from app.storage.service) with a function that saves
nothing and returns None, then builds the app exactly as `app:create_app()` does. Nothing in app/
changes, and no other process is touched. The API then answers as it does when the database cannot
be written: `"reference": null` and a `reference_note` of about 100 bytes, so its responses are a
little longer than with saving on; everything else (checks, engine, JSON, headers, log line) is the same.
"""
from __future__ import annotations

import app as coverage_check
from app.api import routes


def not_saved(shown: dict, *, source: str, language: str = "en", shown_json: str | None = None,
              policy=None) -> None:
    """Stands in for app.storage.service.save_determination: no row, no reference."""
    return None


def turn_saving_off() -> None:
    routes.save_determination = not_saved


def create_app(test_config: dict | None = None):
    turn_saving_off()
    return coverage_check.create_app(test_config)
