"""Saving a determination for the web layer: the policy and versions filled in from the app."""
from flask import current_app

from ..i18n import N_
from . import display, save

# the API's note when no reference could be saved, in the language the determination is in
NOT_SAVED = N_("No reference number could be saved this time. The answer above is still right; "
                "save or print this page.")


def record(shown: dict, *, source: str, language: str = "en", shown_json: str | None = None) -> str | None:
    """Save what was shown; its reference for display, or None when it could not be saved."""
    reference = save(shown, source=source, language=language, policy=current_app.extensions["policy"],
                     app_version=current_app.config["APP_VERSION"], shown_json=shown_json)
    return display(reference) if reference else None
