"""The determination a result page shows: made and saved once per set of answers, then shown again
from what was saved, so the page, a reload and a later look-up all show the same words."""
from __future__ import annotations

import logging

from flask import session
from flask_babel import get_locale, gettext
from sqlalchemy.exc import SQLAlchemyError

from ..coverage.answers import parse_answers
from ..coverage.engine import Determination, evaluate
from ..in_force import policy_for
from ..storage import BadReference, find
from ..storage.service import record
from . import flow
from .state import Check

KEY = "saved"
log = logging.getLogger(__name__)


def determination_for(check: Check) -> tuple[Determination, str | None]:
    """This check's determination and its reference number (None when it could not be saved)."""
    language = str(get_locale())
    made_from = {"audience": check.audience, "answers": check.answers, "language": language}
    held = session.get(KEY)
    if isinstance(held, dict) and held.get("made_from") == made_from and held.get("reference"):
        saved = _saved(held["reference"])
        if saved is not None:
            return Determination.from_dict(saved.shown), held["reference"]
    answers = parse_answers(flow.engine_input(check.answers, check.audience))
    policy = policy_for(answers.date_of_service)  # the version in effect on the date of service
    determination = evaluate(answers, policy, gettext=gettext, language=language)
    reference = record(determination.to_dict(), source="wizard", language=language, policy=policy)
    session[KEY] = {"made_from": made_from, "reference": reference}
    return determination, reference


def _saved(reference: str):
    try:
        return find(reference)
    except (BadReference, SQLAlchemyError):
        log.warning("a saved determination could not be read back; making it again")
        return None
