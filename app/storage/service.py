"""Saving a determination for the web layer: the policy and versions filled in from the app."""
from flask import current_app

from . import display, save

NOT_SAVED = "No reference number could be saved this time. The answer above is still right; save or print this page."


def record(shown: dict, *, source: str, language: str = "en") -> str | None:
    """Save what was shown; its reference for display, or None when it could not be saved."""
    reference = save(shown, source=source, language=language, policy=current_app.extensions["policy"],
                     app_version=current_app.config["APP_VERSION"])
    return display(reference) if reference else None
