"""evaluate(answers, policy) -> Determination: A015's criteria applied to a set of answers, in words.

The criteria are in rules/, one module each with its outcomes, their words and citations; the search for
what would change the answer in changes.py; the determination's shape in determination.py. The outcome follows from the
findings alone: any criterion plainly not met -> likely_not_covered; else any unknown -> needs_review;
else likely_covered.
"""
from __future__ import annotations

import functools
import threading
from typing import Callable

from babel.dates import format_date
from cachetools import LRUCache, cached
import datetime as dt

from . import changes
from .answers import Answers
from .determination import Change, CodeLine, Determination, Notice, Reason
from .policy import Policy
from .rules import CRITERIA, MET, NOT_MET, UNKNOWN, Finding, Rule, code, notices
from .texts import (ALTERNATIVES, ALTERNATIVES_SERIES, BOTH, CHANGE_SENTENCES, CONDITIONS, CONDITIONS_BY_SERVICE,
                    DATE_PARAMS, REGISTER, TRANSLATED_PARAMS)
from .vocabulary import OUTCOMES, SETS, VALUES, said

LIKELY_COVERED, LIKELY_NOT_COVERED, NEEDS_REVIEW = "likely_covered", "likely_not_covered", "needs_review"
OUTCOME_ORDER = (LIKELY_COVERED, NEEDS_REVIEW, LIKELY_NOT_COVERED)

# everything each criterion reads, its words and citations included (the state names the law;
# the delivery quotes the codes that fit): a finding is the same whenever these are
READS = {
    "diagnosis": ("diagnosis",),
    "service": ("service",),
    "credential": ("service", "credential", "state"),
    "setting": ("setting",),
    "delivery": ("service", "group", "session", "delivery", "state"),
    "code": ("service", "group", "session", "minutes"),
    "date_of_service": ("date_of_service",),
}
# each cache keeps at most CACHE_SIZE entries, the least recently used dropped first (the default date of service
# adds keys every day). A finding and the changes that meet a criterion are kept by what they read, a part of their
# arguments (cachetools, one lock held only to read or put an entry); words by all of theirs (functools.lru_cache)
CACHE_SIZE = 20_000
_JUDGED, _FEWEST = LRUCache(CACHE_SIZE), LRUCache(CACHE_SIZE)
_LOCK = threading.Lock()


def _kept_in(cache: LRUCache, key: Callable[..., tuple]):
    """The function's results kept in `cache` by key(*its arguments)."""
    return cached(cache, key=key, lock=_LOCK)


def clear_caches() -> None:
    """Forget every finding, change and text kept: the next evaluation works each out again."""
    for cache in (_JUDGED, _FEWEST):
        with _LOCK:
            cache.clear()
    _said.cache_clear()
    _described.cache_clear()


@_kept_in(_JUDGED, key=lambda name, answers, policy: (policy.digest, name) + tuple(getattr(answers, f)
                                                                                   for f in READS[name]))
def _judged(name: str, answers: Answers, policy: Policy):
    """A criterion's finding (the code's with its code lines), worked out once for what it reads."""
    return code.judge(answers, policy) if name == "code" else CRITERIA[name](answers, policy)


def assess(answers: Answers, policy: Policy) -> tuple[str, tuple[Finding, ...], tuple[CodeLine, ...]]:
    """The findings and the outcome, without any text: the fast path re-evaluation uses."""
    code_finding, code_lines = _judged("code", answers, policy)
    code_lines = code.in_effect(code_lines, answers, policy)  # judged once whatever the date; the date read here
    findings = tuple(code_finding if name == "code" else _judged(name, answers, policy) for name in CRITERIA)
    statuses = {f.status for f in findings}
    if NOT_MET in statuses:
        outcome = LIKELY_NOT_COVERED
    elif UNKNOWN in statuses:
        outcome = NEEDS_REVIEW
    else:
        outcome = LIKELY_COVERED
    return outcome, findings, code_lines


# the smallest changes that meet one criterion depend only on the policy, the criterion, the
# service, the criterion's own answers and whether the visit has taken place, so they are worked out
# once for each such key
@_kept_in(_FEWEST, key=lambda finding, answers, policy, past: (policy.digest, finding.reason, answers.service, past)
          + tuple(getattr(answers, f) for f in finding.fields))
def _fewest(finding: Finding, answers: Answers, policy: Policy, past: bool) -> list[tuple]:
    return changes.per_criterion(finding, answers, policy, CRITERIA[finding.reason], past)


def what_would_change(answers: Answers, policy: Policy, findings: tuple[Finding, ...],
                      past: bool = False) -> list[tuple]:
    """Every smallest way to likely_covered, each a tuple of (answer, values, kind); of a `past` visit only
    what is not known yet can be found out, since all the rest of it took place as it did."""
    return changes.combine([_fewest(f, answers, policy, past) for f in findings if f.status != MET])


Translate = Callable[[str], str]


def _identity(message: str) -> str:
    return message


def evaluate(answers: Answers, policy: Policy, gettext: Translate = _identity,
             language: str | None = None, today: dt.date | None = None) -> Determination:
    """Apply the policy to the answers and explain the outcome in the audience's register.

    `gettext` translates the texts; name its `language` and the words are kept for the next time.
    `today` is the day the check is made: a visit dated before it has taken place, and nothing known of
    it is offered as a change. None when it is not said (the engine's own tests of a visit to come)."""
    outcome, findings, code_lines = assess(answers, policy)
    register = REGISTER[answers.audience]

    def say(text, params=()) -> str:
        message = text if isinstance(text, str) else text[register]
        if language is None:
            return _composed(message, params, gettext, language)
        return _said(message, params, gettext, language)

    def described(way) -> str:
        if language is None:
            return _describe(way, register, gettext, answers.service)
        return _described(way, register, gettext, answers.service, language)

    def noted(rule: Rule, params=(), codes=()) -> Notice:
        return Notice(rule.key, say(rule.text, params), rule.cited(policy, codes))

    reasons = tuple(Reason(f.reason, f.status, say(f.rule.text, _named(f.params)), f.citations, f.basis)
                    for f in findings)
    warnings = []
    age = None
    if answers.date_of_service > policy.next_review_date:
        params = (("effective", policy.effective_date.isoformat()), ("review", policy.next_review_date.isoformat()),
                  ("date", answers.date_of_service.isoformat()))
        passed = noted(notices.NEXT_REVIEW_PASSED, params)
        age = {"overdue_for_review": True, "version": policy.effective_date.isoformat(),
               "next_review_date": policy.next_review_date.isoformat(), "text": passed.text,
               "citations": [c.to_dict() for c in passed.citations]}
        warnings.append(passed)
    if answers.service == "peer_support" and answers.delivery == "telehealth":
        peer = tuple(c for c in policy.codes if c.service == "peer_support" and c.listed)
        warnings.append(noted(notices.TELEHEALTH_SILENT, codes=peer))
    warnings.append(noted(notices.CODES_NOT_EFFECTIVE))
    category_iii = [ln.code for ln in code_lines if policy.code(ln.code).category_iii]
    if category_iii:
        warnings.append(noted(notices.CATEGORY_III_CODES, (("codes", ", ".join(category_iii)),)))
    if register == "technical":
        warnings.append(noted(notices.CODES_NOT_ALL_INCLUSIVE))
    ways = ()
    if outcome != LIKELY_COVERED:
        past = today is not None and answers.date_of_service < today
        ways = tuple(Change(way, described(way)) for way in what_would_change(answers, policy, findings, past))
    disclaimer = noted(notices.DISCLAIMER)
    (supersedes,) = disclaimer.citations
    return Determination(
        outcome=outcome,
        outcome_label=say(OUTCOMES[outcome]),
        reasons=reasons,
        codes=code_lines,
        what_would_change=ways,
        warnings=tuple(warnings),
        disclaimer={"text": disclaimer.text, "citation": supersedes.to_dict()},
        policy=policy.summary(),
        answers=answers,
        notes=tuple(noted(rule) for rule in notices.NOTES),
        policy_age=age,
    )


def _composed(message: str, params, gettext: Translate, language: str | None) -> str:
    message = gettext(message)
    if not params:
        return message
    return message % {k: gettext(v) if k in TRANSLATED_PARAMS else _date_words(v, language) if k in DATE_PARAMS
                      else v for k, v in params}


# words already put together, by language: the same message with the same numbers reads the same
@functools.lru_cache(maxsize=CACHE_SIZE)
def _said(message: str, params, gettext: Translate, language: str) -> str:
    return _composed(message, params, gettext, language)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _described(way, register: str, gettext: Translate, service: str, language: str) -> str:
    return _describe(way, register, gettext, service)


def _named(params):
    """A finding's params with the diagnosis as the words its text reads, not the answer's value."""
    return tuple((k, VALUES["diagnosis"][v].modifier) if k == "diagnosis" else (k, v) for k, v in params)


def _date_words(iso: str, language: str | None) -> str:
    """A date as a reader writes it ("April 15, 2023"), in their language; as ISO when none is named."""
    if language is None:
        return iso
    return format_date(dt.date.fromisoformat(iso), format="long", locale=language)


def _describe(way, register: str, gettext: Translate, service: str) -> str:
    """One way as a sentence: "It would likely be covered if the visit is in person."."""
    by_kind = {"choice": [], "confirm": []}
    for name, values, kind in way:
        text = gettext((CONDITIONS_BY_SERVICE.get((name, service)) or CONDITIONS[name])[register])
        if name == "minutes":
            by_kind[kind].append(text % {"minutes": min(values)})
        elif "%(values)s" in text:
            by_kind[kind].append(text % {"values": _values(name, values, register, gettext)})
        else:
            by_kind[kind].append(text)
    parts = {kind + "s": _joined(conditions, gettext) for kind, conditions in by_kind.items() if conditions}
    sentence = CHANGE_SENTENCES["both" if len(parts) == 2 else next(iter(parts))[:-1]]
    return gettext(sentence[register]) % parts


def _joined(conditions: list[str], gettext: Translate) -> str:
    if len(conditions) == 1:
        return conditions[0]
    return gettext(BOTH) % {"first": ", ".join(conditions[:-1]), "last": conditions[-1]}


def _values(name: str, values, register: str, gettext: Translate) -> str:
    whole = SETS.get((name, frozenset(values)))
    if whole:
        return gettext(whole[0 if register == "plain" else 1])
    words = [gettext(said(name, v, register)) for v in values]
    if len(words) == 1:
        return words[0]
    return gettext(ALTERNATIVES if len(words) == 2 else ALTERNATIVES_SERIES) % {
        "choices": ", ".join(words[:-1]), "last": words[-1]}


__all__ = ["CRITERIA", "READS", "LIKELY_COVERED", "LIKELY_NOT_COVERED", "NEEDS_REVIEW", "OUTCOME_ORDER",
           "Determination", "assess", "evaluate", "what_would_change"]
