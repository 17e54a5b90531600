"""Saving a determination for the web layer: the policy and versions filled in from the app."""
from flask import current_app

from ..i18n import N_
from . import display, save

# the API's note when no reference could be saved, in the language the determination is in
NOT_SAVED = N_("No reference number could be saved this time. The answer above is still right; "
                "save or print this page.")


def save_determination(shown: dict, *, source: str, language: str = "en", shown_json: str | None = None,
           policy=None, reference: str | None = None) -> str | None:
    """Save what was shown, under the policy version it was made under (and the reference claimed for
    it, if one was); its reference for display, or None when it could not be saved."""
    policy = policy or current_app.extensions["policy"]
    reference = save(shown, source=source, language=language, policy=policy,
                     app_version=current_app.config["APP_VERSION"], shown_json=shown_json, reference=reference)
    return display(reference) if reference else None
