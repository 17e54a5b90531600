"""evaluate(answers, policy) -> Determination: A015's criteria applied to a set of answers.

The criteria come from the policy's coverage statement ("Cigna covers outpatient behavioral
health coaching and peer support services for individuals with mental health or substance use
disorders when provided by a Licensed/Certified coach acting within the scope of license or
certification under the applicable state law") and its code table. Each criterion is one
function below that returns a Finding; the outcome follows from the findings alone:
any criterion plainly not met -> likely_not_covered; else any unknown -> needs_review;
else likely_covered.
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from typing import Callable

from babel.dates import format_date

from .answers import CREDENTIALS, DELIVERIES, DIAGNOSES, SESSIONS, SETTINGS, STATES, Answers
from .policy import Citation, Code, Policy
from .texts import (ALTERNATIVES, CHANGE, CHANGE_FIELDS, DATE_PARAMS, DATE_VALUE, DIAGNOSIS_NAMES, DISCLAIMER,
                    MINUTES_VALUE, OUTCOMES, REASONS, REGISTER, TRANSLATED_PARAMS, VALUE_LABELS, WARNINGS)

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
LIKELY_COVERED, LIKELY_NOT_COVERED, NEEDS_REVIEW = "likely_covered", "likely_not_covered", "needs_review"
OUTCOME_ORDER = (LIKELY_COVERED, NEEDS_REVIEW, LIKELY_NOT_COVERED)

COACH_CREDENTIALS = ("nbhwc", "nchec")
CREDENTIAL_NAMES = {"nbhwc": "NBC-HWC", "nchec": "CHES/MCHES"}


@dataclass(frozen=True)
class Finding:
    """One criterion judged: what the text says is chosen by (reason, key)."""
    reason: str
    key: str
    status: str
    citations: tuple[Citation, ...]
    params: tuple[tuple[str, object], ...] = ()
    fields: tuple[str, ...] = ()  # the answers this criterion turns on


@dataclass(frozen=True)
class CodeLine:
    system: str
    code: str
    descriptor: str
    listed: bool
    units: int | None
    descriptor_source: str | None

    def to_dict(self) -> dict:
        data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                "eligible": self.listed, "units": self.units}
        if self.descriptor_source:
            data["descriptor_source"] = self.descriptor_source
        return data


@dataclass(frozen=True)
class Reason:
    id: str
    status: str
    text: str
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "status": self.status, "text": self.text,
                "citations": [c.to_dict() for c in self.citations]}


@dataclass(frozen=True)
class Warning:
    id: str
    text: str
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "citations": [c.to_dict() for c in self.citations]}


@dataclass(frozen=True)
class Change:
    """One way to reach likely_covered: every field here set to one of its values."""
    fields: tuple[tuple[str, tuple], ...]
    text: str

    def to_dict(self) -> dict:
        return {"changes": [{"field": name, "values": [_jsonable(v) for v in values]} for name, values in self.fields],
                "text": self.text}


@dataclass(frozen=True)
class Determination:
    outcome: str
    outcome_label: str
    reasons: tuple[Reason, ...]
    codes: tuple[CodeLine, ...]
    what_would_change: tuple[Change, ...]
    warnings: tuple[Warning, ...]
    disclaimer: dict
    policy: dict
    answers: Answers = field(repr=False)

    @classmethod
    def from_dict(cls, data: dict) -> "Determination":
        """The determination a to_dict() made, as it was: for showing a saved one again."""
        def cites(items):
            return tuple(Citation(c["section"], c["anchor"], c["quote"]) for c in items)

        answers = dict(data["answers"])
        answers["date_of_service"] = dt.date.fromisoformat(answers["date_of_service"])
        return cls(
            outcome=data["outcome"],
            outcome_label=data["outcome_label"],
            reasons=tuple(Reason(r["id"], r["status"], r["text"], cites(r["citations"])) for r in data["reasons"]),
            codes=tuple(CodeLine(c["system"], c["code"], c["descriptor"], c["eligible"], c["units"],
                                 c.get("descriptor_source")) for c in data["codes"]),
            what_would_change=tuple(Change(tuple((f["field"], tuple(f["values"])) for f in w["changes"]), w["text"])
                                    for w in data["what_would_change"]),
            warnings=tuple(Warning(w["id"], w["text"], cites(w["citations"])) for w in data["warnings"]),
            disclaimer=data["disclaimer"],
            policy=data["policy"],
            answers=Answers(**answers),
        )

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "reasons": [r.to_dict() for r in self.reasons],
            "codes": [c.to_dict() for c in self.codes],
            "what_would_change": [c.to_dict() for c in self.what_would_change],
            "warnings": [w.to_dict() for w in self.warnings],
            "disclaimer": self.disclaimer,
            "policy": self.policy,
            "answers": self.answers.to_dict(),
        }


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


# --- the criteria --------------------------------------------------------------------------

def _diagnosis(a: Answers, p: Policy) -> Finding:
    cites = p.cite("diagnosis")
    if a.diagnosis in ("mental_health", "substance_use", "both"):
        return Finding("diagnosis", "met", MET, cites, (("diagnosis", DIAGNOSIS_NAMES[a.diagnosis]),), ("diagnosis",))
    if a.diagnosis == "none":
        return Finding("diagnosis", "none", NOT_MET, cites, (), ("diagnosis",))
    return Finding("diagnosis", "unknown", UNKNOWN, cites, (), ("diagnosis",))


def _service(a: Answers, p: Policy) -> Finding:
    return Finding("service", a.service, MET, p.cite("service"))


def _credential(a: Answers, p: Policy) -> Finding:
    """Licensed/Certified, acting within the scope of that license or certification under state law."""
    base = p.cite("credential") + p.cite("state_regulations")
    params = (("state", STATES[a.state]), ("credential", CREDENTIAL_NAMES.get(a.credential, a.credential)))
    coaching = a.service == "coaching"
    c = a.credential
    if c == "licensed":
        key, status, extra = "licensed", MET, ()
    elif c in COACH_CREDENTIALS:
        # a national coaching certification is within scope for coaching; for peer support the
        # policy does not say, so a person must look
        key, status = ("coach_certified", MET) if coaching else ("coach_giving_peer_support", UNKNOWN)
        extra = p.cite("coach_certification")
    elif c == "certified_peer":
        key, status = ("peer_giving_coaching", UNKNOWN) if coaching else ("peer_certified", MET)
        extra = p.cite("peer_certification")
    elif c == "other_certification":
        key, status, extra = "other_certification", UNKNOWN, ()
    elif c == "none":
        key, status, extra = "none", NOT_MET, ()
    else:
        key, status, extra = "unknown", UNKNOWN, ()
    return Finding("credential", key, status, base + extra, params, ("credential",))


def _setting(a: Answers, p: Policy) -> Finding:
    cites = p.cite("setting")
    if a.setting == "outpatient":
        return Finding("setting", "outpatient", MET, cites, (), ("setting",))
    if a.setting in ("inpatient", "residential"):
        return Finding("setting", "not_outpatient", NOT_MET, cites, (), ("setting",))
    return Finding("setting", "unknown", UNKNOWN, cites, (), ("setting",))


def _coaching_codes(a: Answers, p: Policy) -> tuple[Code, ...]:
    """The coaching codes that fit the answers: several when the session is not yet known."""
    return tuple(c for c in p.codes if c.service == "coaching" and c.group == a.group
                 and (a.group or a.session is None or c.session == a.session))


def _delivery(a: Answers, p: Policy) -> Finding:
    params = (("state", STATES[a.state]),)
    if a.service == "coaching":
        cites = tuple(p.cite_code(c, "face-to-face") for c in _coaching_codes(a, p) if c.listed) \
            or tuple(p.cite_code(c, "face-to-face") for c in p.codes if c.service == "coaching" and c.listed)
    else:
        cites = p.cite("setting") + tuple(p.cite_code(c) for c in p.codes if c.service == "peer_support")
    if a.delivery == "in_person":
        return Finding("delivery", "in_person", MET, cites, params, ("delivery",))
    if a.delivery == "telehealth":
        key = "coaching_telehealth" if a.service == "coaching" else "peer_telehealth"
        return Finding("delivery", key, UNKNOWN, cites + p.cite("plan_terms"), params, ("delivery",))
    if a.delivery is None and a.service == "peer_support":
        # not given: H0038 sets no face-to-face condition, so only telehealth, said, needs a look
        return Finding("delivery", "peer_not_stated", MET, cites, params, ("delivery",))
    # unknown, or not given for coaching, whose codes are face-to-face
    return Finding("delivery", "unknown", UNKNOWN, cites, params, ("delivery",))


def _code(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    """The code that fits the service, and whether its conditions (minutes, session, group) are met."""
    if a.service == "peer_support":
        return _peer_code(a, p)
    fields = ("group", "session", "minutes")
    codes = _coaching_codes(a, p)
    if a.group:
        cites = p.cite("codes_not_all_inclusive") + tuple(
            p.cite_code(c, "individual") for c in p.codes if c.service == "coaching" and c.listed)
        return (Finding("code", "group_coaching", UNKNOWN, cites, (), fields),
                tuple(_line(c, None) for c in codes))
    if a.session is None:
        return (Finding("code", "session_unknown", UNKNOWN, tuple(p.cite_code(c) for c in codes), (), fields),
                tuple(_line(c, None) for c in codes))
    (code,) = codes
    cites = p.cite("considered_covered") + (p.cite_code(code),)
    if code.min_minutes is None:
        return Finding("code", a.session, MET, cites, (), fields), (_line(code, 1),)
    cites = p.cite("considered_covered") + (p.cite_code(code, f"at least {code.min_minutes} mins"),)
    if a.minutes is None:
        return Finding("code", "follow_up_minutes_unknown", UNKNOWN, cites, (), fields), (_line(code, None),)
    params = (("minutes", a.minutes),)
    if a.minutes >= code.min_minutes:
        # one unit a session, however long beyond the minimum
        return Finding("code", "follow_up_met", MET, cites, params, fields), (_line(code, 1),)
    return Finding("code", "follow_up_short", NOT_MET, cites, params, fields), (_line(code, 0),)


def _peer_code(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    (code,) = (c for c in p.codes if c.service == "peer_support")
    cites = p.cite("considered_covered") + (p.cite_code(code),)
    if a.minutes is None:
        return Finding("code", "peer_minutes_unknown", MET, cites, (), ("minutes",)), (_line(code, None),)
    units, remainder = divmod(a.minutes, code.unit_minutes)
    params = (("minutes", a.minutes), ("units", units), ("remainder", remainder))
    if remainder and not units:
        # less than one unit, and the policy gives no rounding rule for a part of one
        return Finding("code", "peer_under_one_unit", UNKNOWN, cites, params, ("minutes",)), (_line(code, 0),)
    if remainder:
        # the whole units are billable; what the rest counts for is the plan's rule, not the policy's
        return Finding("code", "peer_part_unit", MET, cites, params, ("minutes",)), (_line(code, units),)
    return Finding("code", "peer_units", MET, cites, params, ("minutes",)), (_line(code, units),)


def _line(code: Code, units: int | None) -> CodeLine:
    return CodeLine(code.system, code.code, code.descriptor, code.listed, units, code.descriptor_source)


def _date_of_service(a: Answers, p: Policy) -> Finding:
    cites = p.cite("effective_date")
    params = (("date", a.date_of_service.isoformat()), ("effective", p.effective_date.isoformat()))
    if a.date_of_service < p.effective_date:
        return Finding("date_of_service", "before_effective", UNKNOWN, cites, params, ("date_of_service",))
    return Finding("date_of_service", "in_effect", MET, cites, params, ("date_of_service",))


# every criterion, judged from the service and its own answers (Finding.fields) alone;
# tests/test_exhaustive.py proves it, and what_would_change relies on it
CRITERIA = {
    "diagnosis": _diagnosis,
    "service": _service,
    "credential": _credential,
    "setting": _setting,
    "delivery": _delivery,
    "code": lambda answers, policy: _code(answers, policy)[0],
    "date_of_service": _date_of_service,
}
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
CACHE_LIMIT = 20_000  # entries per cache: the default date of service adds keys every day


def _kept(cache: dict, key: tuple, make: Callable[[], object]):
    """cache[key], made once; the cache is emptied when full, so its memory stays bounded."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        found = cache[key] = make()
    return found


_JUDGED: dict[tuple, object] = {}


def _judged(name: str, answers: Answers, policy: Policy):
    """A criterion's finding (the code's with its code lines), worked out once for what it reads."""
    key = (policy.digest, name) + tuple(getattr(answers, field) for field in READS[name])
    return _kept(_JUDGED, key, lambda: _code(answers, policy) if name == "code" else CRITERIA[name](answers, policy))


def assess(answers: Answers, policy: Policy) -> tuple[str, tuple[Finding, ...], tuple[CodeLine, ...]]:
    """The findings and the outcome, without any text: the fast path re-evaluation uses."""
    code_finding, codes = _judged("code", answers, policy)
    findings = tuple(code_finding if name == "code" else _judged(name, answers, policy) for name in CRITERIA)
    statuses = {f.status for f in findings}
    if NOT_MET in statuses:
        outcome = LIKELY_NOT_COVERED
    elif UNKNOWN in statuses:
        outcome = NEEDS_REVIEW
    else:
        outcome = LIKELY_COVERED
    return outcome, findings, codes


# --- what would change the answer ----------------------------------------------------------

def _candidates(name: str, answers: Answers, policy: Policy) -> tuple:
    """The values worth trying for one answer, drawn from the choices and the policy's own numbers."""
    if name == "session" and answers.session is not None:
        return ()  # a known first visit or follow-up is a fact of the visit, never a way to another code
    if name == "minutes":
        wanted = {c.min_minutes for c in policy.codes if c.service == answers.service and c.min_minutes}
        for code in policy.codes:
            if code.service == answers.service and code.unit_minutes:
                step = code.unit_minutes
                now = answers.minutes or step
                wanted |= {max(step, now // step * step), -(-now // step) * step}
        values = tuple(sorted(wanted))
    elif name == "date_of_service":
        values = (policy.effective_date,) if answers.date_of_service < policy.effective_date else ()
    elif name == "group":
        values = (False, True)
    else:
        values = {"diagnosis": DIAGNOSES, "credential": CREDENTIALS, "setting": SETTINGS,
                  "session": SESSIONS, "delivery": DELIVERIES}[name]
    return tuple(v for v in values if v != getattr(answers, name))


def what_would_change(answers: Answers, policy: Policy, findings: tuple[Finding, ...]) -> list[tuple]:
    """The fewest answers to change, and to what, to reach likely_covered: found by re-evaluating.

    No two criteria turn on the same answer, so each criterion not met is searched on its own,
    re-running only that criterion, and a way for the whole is one way for each. The tests
    prove both halves: that no criterion reads another's answers (tests/test_exhaustive.py),
    and that every value of every way offered reaches likely_covered (tests/test_engine.py)."""
    per_criterion = []
    for finding in findings:
        if finding.status != MET:
            ways = _fewest_changes(finding, answers, policy)
            if not ways:
                return []
            per_criterion.append(ways)
    return [tuple(itertools.chain.from_iterable(parts)) for parts in itertools.product(*per_criterion)]


# the smallest changes that meet one criterion depend only on the policy, the criterion, the
# service and the criterion's own answers, so they are worked out once for each such key
_FEWEST: dict[tuple, list[tuple]] = {}


def _fewest_changes(finding: Finding, answers: Answers, policy: Policy) -> list[tuple]:
    """The smallest sets of this criterion's answers whose change meets it."""
    key = (policy.digest, finding.reason, answers.service, tuple(getattr(answers, f) for f in finding.fields))
    return _kept(_FEWEST, key, lambda: _search_criterion(finding, answers, policy))


def _search_criterion(finding: Finding, answers: Answers, policy: Policy) -> list[tuple]:
    judge = CRITERIA[finding.reason]
    options = {name: _candidates(name, answers, policy) for name in finding.fields}
    for size in range(1, len(finding.fields) + 1):
        found: dict[tuple[str, ...], list[tuple]] = {}
        for names in itertools.combinations(finding.fields, size):
            for values in itertools.product(*(options[n] for n in names)):
                if judge(answers.changed(**dict(zip(names, values))), policy).status == MET:
                    found.setdefault(names, []).append(values)
        if found:
            return _group_changes(found)
    return []


def _group_changes(found: dict[tuple[str, ...], list[tuple]]) -> list[tuple[tuple[str, tuple], ...]]:
    """Fold the working combinations into per-field value lists where they form a full product."""
    ways = []
    for names, combos in found.items():
        per_field = [tuple(dict.fromkeys(c[i] for c in combos)) for i in range(len(names))]
        if len(combos) == math.prod(len(values) for values in per_field):
            ways.append(tuple(zip(names, per_field)))
        else:
            ways.extend(tuple((n, (v,)) for n, v in zip(names, combo)) for combo in combos)
    return ways


# --- the determination ---------------------------------------------------------------------

Translate = Callable[[str], str]


def _identity(message: str) -> str:
    return message


# words already put together, by language: the same message with the same numbers reads the same
_SAID: dict[tuple, str] = {}


def evaluate(answers: Answers, policy: Policy, gettext: Translate = _identity,
             language: str | None = None) -> Determination:
    """Apply the policy to the answers and explain the outcome in the audience's register.

    `gettext` translates the texts; name its `language` and the words are kept for the next time."""
    outcome, findings, codes = assess(answers, policy)
    register = REGISTER[answers.audience]

    def compose(message: str, params) -> str:
        message = gettext(message)
        if not params:
            return message
        return message % {k: gettext(v) if k in TRANSLATED_PARAMS else _date_words(v, language) if k in DATE_PARAMS
                          else v for k, v in params}

    def say(catalogue: dict, params=()) -> str:
        message = catalogue[register]
        if language is None:
            return compose(message, params)
        return _kept(_SAID, (language, message, params), lambda: compose(message, params))

    def described(way) -> str:
        if language is None:
            return _describe(way, gettext)
        return _kept(_SAID, (language, way), lambda: _describe(way, gettext, language))

    reasons = tuple(Reason(f.reason, f.status, say(REASONS[(f.reason, f.key)], f.params), f.citations)
                    for f in findings)
    warnings = []
    if answers.date_of_service > policy.next_review_date:
        warnings.append(Warning("next_review_passed", say(WARNINGS["next_review_passed"], (
            ("review", policy.next_review_date.isoformat()), ("date", answers.date_of_service.isoformat()))),
            policy.cite("next_review_date")))
    warnings.append(Warning("codes_not_effective", say(WARNINGS["codes_not_effective"]),
                            policy.cite("codes_not_effective")))
    category_iii = [line.code for line in codes if policy.code(line.code).category_iii]
    if category_iii:
        warnings.append(Warning("category_iii_codes", say(WARNINGS["category_iii_codes"], (
            ("codes", ", ".join(category_iii)),)), policy.cite("codes_not_effective")))
    changes = ()
    if outcome != LIKELY_COVERED:
        changes = tuple(Change(way, described(way)) for way in what_would_change(answers, policy, findings))
    (supersedes,) = policy.cite("plan_supersedes")
    return Determination(
        outcome=outcome,
        outcome_label=say(OUTCOMES[outcome]),
        reasons=reasons,
        codes=codes,
        what_would_change=changes,
        warnings=tuple(warnings),
        disclaimer={"text": say(DISCLAIMER), "citation": supersedes.to_dict()},
        policy=policy.summary(),
        answers=answers,
    )


def _date_words(iso: str, language: str | None) -> str:
    """A date as a reader writes it ("April 15, 2023"), in their language; as ISO when none is named."""
    if language is None:
        return iso
    return format_date(dt.date.fromisoformat(iso), format="long", locale=language)


def _describe(way: tuple[tuple[str, tuple], ...], gettext: Translate, language: str | None = None) -> str:
    """'Provider's credential: NBC-HWC or a state-licensed health professional' and the like."""
    parts = []
    for name, values in way:
        if name == "minutes":
            shown = [gettext(MINUTES_VALUE) % {"minutes": v} for v in values]
        elif name == "date_of_service":
            shown = [gettext(DATE_VALUE) % {"date": _date_words(_jsonable(v), language)} for v in values]
        else:
            shown = [gettext(VALUE_LABELS[name][v]) for v in values]
        listed = shown[0] if len(shown) == 1 else gettext(ALTERNATIVES) % {
            "choices": ", ".join(shown[:-1]), "last": shown[-1]}
        parts.append(gettext(CHANGE) % {"answer": gettext(CHANGE_FIELDS[name]), "values": listed})
    return "; ".join(parts)
