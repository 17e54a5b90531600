"""A determination as the API shows it, made once for each distinct set of answers, policy and language.

A determination is a pure function of those three and the day (the engine reads nothing else, the date of
service is among the answers, the policy is known by its digest and its review due date, and the day
tells a visit that has taken place from one to come), so the dict and its JSON text are kept and given again: the API
serializes a determination once, whether it is asked for once or a thousand times, and the same
text is both what is saved and what is sent.
"""
from __future__ import annotations

import datetime as dt
import threading
from typing import NamedTuple

from cachetools import LRUCache, cached

from ..coverage.answers import Answers
from ..coverage.engine import evaluate
from ..i18n import translator
from ..storage.writer import to_json

LIMIT = 5_000  # distinct determinations kept, the least recently asked for dropped first (about 6 KB each)


class Shown(NamedTuple):
    data: dict  # never changed once made: every request with these answers shares it
    text: str   # data as compact JSON


# the review due date is not in the file's digest: a review recorded since changes the policy's age
@cached(LRUCache(LIMIT), key=lambda answers, policy, language, today: (
    answers, policy.digest, policy.next_review_date, language, today), lock=threading.Lock())
def shown(answers: Answers, policy, language: str, today: dt.date | None) -> Shown:
    data = evaluate(answers, policy, gettext=translator(language), language=language, today=today).to_dict()
    return Shown(data, to_json(data))
