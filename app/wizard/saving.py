"""The determination a result page shows: made and saved once per check and set of answers, then shown
again from what was saved, so the page, a reload and a later look-up all show the same words.

Which reference a check was saved under is kept on the server (storage/checks.py), not in the cookie:
a copy of an older cookie, replayed, shows the same reference and saves nothing more."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time

from flask import current_app

from flask_babel import get_locale, gettext
from sqlalchemy.exc import SQLAlchemyError

from ..coverage.answers import parse_answers
from ..coverage.engine import Determination, evaluate
from ..in_force import policy_for
from ..storage import BadReference, checks, display, find
from ..storage.service import save_determination
from . import flow
from .state import Check

log = logging.getLogger(__name__)
WAIT_FOR_THE_OTHER = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)  # seconds: a view at the same moment as the one that saves


def determination_for(check: Check) -> tuple[Determination, str | None]:
    """This check's determination and its reference number (None when it could not be saved)."""
    language = str(get_locale())
    made_from = {"audience": check.audience, "answers": check.answers, "language": language}
    claimed = checks.claim(check.id, made_from)
    if claimed is not None and not claimed[1]:
        for pause in (0, *WAIT_FOR_THE_OTHER):
            time.sleep(pause)
            saved = _saved(claimed[0])
            if saved is not None:
                return Determination.from_dict(saved.shown), display(claimed[0])
        # claimed, never saved (its save failed): the words are the same, made again; no second row
        return _made(check.answers, check.audience)[0], None
    determination, policy = _made(check.answers, check.audience)
    reference = save_determination(determination.to_dict(), source="wizard", language=language, policy=policy,
                       reference=claimed[0] if claimed else None)
    if claimed is not None and reference is None:
        checks.release(check.id, made_from)
    return determination, reference


def _made(answers: dict, audience: str):
    """The determination for these stored answers, in the page's language, and the version it was made under."""
    parsed = parse_answers(flow.engine_input(answers, audience))
    policy = policy_for(parsed.date_of_service)  # the version in effect on the date of service, as reviewed
    return evaluate(parsed, policy, gettext=gettext, language=str(get_locale()), today=dt.date.today()), policy


def judged_again(answers: dict, audience: str, made_under: dict) -> Determination | None:
    """These stored answers judged again, in the page's language and this audience's register, under the
    version a determination was made under (its effective date, and the review date it then had); saved
    nowhere. None when that version is no longer loaded."""
    library = current_app.extensions["policies"]
    policy = library.version(made_under.get("effective_date", ""))
    if policy is None:
        return None
    review = made_under.get("next_review_date")
    if review and review != policy.next_review_date.isoformat():
        policy = dataclasses.replace(policy, next_review_date=dt.date.fromisoformat(review))
    parsed = parse_answers(flow.engine_input(answers, audience))
    return evaluate(parsed, policy, gettext=gettext, language=str(get_locale()), today=dt.date.today())


def evaluate_only(answers: dict, audience: str) -> Determination:
    """The determination for these stored answers, in the page's language, saved nowhere."""
    return _made(answers, audience)[0]


def _saved(reference: str):
    try:
        return find(reference)
    except (BadReference, SQLAlchemyError):
        log.warning("a saved determination could not be read back; making it again")
        return None
