"""The code criterion: which code of the Coding Information table fits, with its units, and whether its
own conditions (individual or group, initial or follow-up, minutes) are met.

0591T "individual, initial assessment"; 0592T "individual, follow-up session, at least 30 mins";
H0038 "per 15 minutes" (the minimums and units as the version's data file sets them). 0593T, group
coaching, is not printed in the policy: it is shown as not listed, and its AMA descriptor's minimum is
applied but never quoted as the policy's words.

Each code line also says whether that code's own conditions are met on the answers, as if it were the
code for the visit (its own group and session): met, not met, or not known, as the criterion is judged.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .answers import Answers
from .criteria import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN, Finding, coaching_codes, combined
from .policy import Code, Policy

FIELDS = ("group", "session", "minutes")


ELIGIBLE = {MET: True, NOT_MET: False, UNKNOWN: None}


@dataclass(frozen=True)
class CodeLine:
    system: str
    code: str
    descriptor: str
    listed: bool  # printed in the policy's table under "Eligible for Coverage"
    units: int | None
    descriptor_source: str | None
    remainder: int | None = None  # minutes past the last whole unit of a timed code
    # the code criterion judged with this code's own group and session: met, not_met or unknown;
    # None for a line saved before code lines were judged, shown as it was saved
    status: str | None = None

    @property
    def eligible(self) -> bool | None:
        """Whether this code's own conditions under A015 are met on the answers: true, false, or not known."""
        return ELIGIBLE.get(self.status)

    def to_dict(self) -> dict:
        if self.status is None:  # saved before: eligible meant listed, and it is given back as it was saved
            data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                    "eligible": self.listed, "units": self.units}
        else:
            data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                    "eligible": self.eligible, "listed": self.listed, "units": self.units}
        if self.descriptor_source:
            data["descriptor_source"] = self.descriptor_source
        if self.remainder:
            data["minutes_past_whole_units"] = self.remainder
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CodeLine":
        """A line as to_dict gave it; one saved before "listed" was added had "eligible" for it."""
        if "listed" in data:
            listed = data["listed"]
            status = next(s for s, e in ELIGIBLE.items() if e is data["eligible"])
        else:
            listed, status = data["eligible"], None
        return cls(data["system"], data["code"], data["descriptor"], listed, data["units"],
                   data.get("descriptor_source"), data.get("minutes_past_whole_units"), status)


def line(code: Code, units: int | None, remainder: int | None = None) -> CodeLine:
    return CodeLine(code.system, code.code, code.descriptor, code.listed, units, code.descriptor_source, remainder)


def judge(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    """The code that fits the service, whether its conditions are met, and each code line's own status
    (whatever the date: see in_effect)."""
    if a.service == "peer_support":
        finding, lines = _peer(a, p)
        return finding, tuple(replace(ln, status=finding.status) for ln in lines)
    finding, lines = _coaching(a, p)
    return finding, tuple(replace(ln, status=_own_status(p.code(ln.code), a, p)) for ln in lines)


def in_effect(lines: tuple[CodeLine, ...], a: Answers, p: Policy) -> tuple[CodeLine, ...]:
    """The code lines on the date of service: before the version's effective date the policy is silent, so
    whether any code's conditions are met is not known, as the date reason says."""
    if a.date_of_service < p.effective_date:
        return tuple(replace(ln, status=UNKNOWN) for ln in lines)
    return lines


def _own_status(code: Code, a: Answers, p: Policy) -> str:
    """The code criterion as if this were the code for the visit: its own group and session fixed."""
    return _coaching(a.changed(group=code.group, session=code.session), p)[0].status


def _minutes(a: Answers, minimum: int | None = None) -> tuple[tuple[str, object], ...]:
    """The params a code's text reads: the visit's minutes, and the code's own minimum from the data file."""
    return ((("minutes", a.minutes),) if a.minutes is not None else ()) + \
        ((("minimum", minimum),) if minimum is not None else ())


def _coaching(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    individual_cites = tuple(p.cite_code(c, "individual") for c in p.codes if c.service == "coaching" and c.listed)
    if a.group is None:
        # not known whether one-on-one or in a group: judged as both, whatever the session is called,
        # since a group has a first session too; group coaching is never met, so neither is this
        one, ones = _coaching(a.changed(group=False), p)
        many, manys = _coaching(a.changed(group=True), p)
        status = combined((one.status, many.status))
        lines = tuple({ln.code: ln for ln in ones + manys}.values())
        cites = p.cite("codes_not_all_inclusive") + individual_cites
        if status == NOT_MET:
            # too short either way: under the follow-up code's minimum and under the group code's
            params = _minutes(a, _minimum(p, False)) + (("group_minimum", _minimum(p, True)),)
            return Finding("code", "group_unknown_short", NOT_MET, cites, params, FIELDS), lines
        return Finding("code", "group_unknown", status, cites, _minutes(a), FIELDS, NOT_KNOWN), lines
    if a.group:
        (code,) = coaching_codes(a, p)
        cites = p.cite("codes_not_all_inclusive") + individual_cites
        params = _minutes(a, code.min_minutes)
        if a.minutes is None:
            return Finding("code", "group_minutes_unknown", UNKNOWN, cites, params, FIELDS, POLICY_SILENT), (line(code, None),)
        if a.minutes < code.min_minutes:
            return Finding("code", "group_short", NOT_MET, cites, params, FIELDS), (line(code, 0),)
        return Finding("code", "group_coaching", UNKNOWN, cites, params, FIELDS, POLICY_SILENT), (line(code, None),)
    codes = coaching_codes(a, p)
    if a.session is None:
        cites = tuple(p.cite_code(c) for c in codes)
        follow_up = next(c for c in codes if c.min_minutes)
        params = _minutes(a, follow_up.min_minutes)
        if a.minutes is None:
            return (Finding("code", "session_unknown", UNKNOWN, cites, params, FIELDS, NOT_KNOWN),
                    tuple(line(c, None) for c in codes))
        if a.minutes >= follow_up.min_minutes:
            # a first visit or a follow-up this long: a listed code fits either way
            return (Finding("code", "session_unknown_long", MET, cites, params, FIELDS),
                    tuple(line(c, 1) for c in codes))
        return (Finding("code", "session_unknown_short", UNKNOWN, cites, params, FIELDS, NOT_KNOWN),
                tuple(line(c, 0 if c.min_minutes else 1) for c in codes))
    (code,) = codes
    cites = p.cite("considered_covered") + (p.cite_code(code),)
    if code.min_minutes is None:
        return Finding("code", "initial", MET, cites, (), FIELDS), (line(code, 1),)
    cites = p.cite("considered_covered") + (p.cite_code(code, code.minimum_words),)
    params = _minutes(a, code.min_minutes)
    if a.minutes is None:
        return Finding("code", "follow_up_minutes_unknown", UNKNOWN, cites, params, FIELDS, NOT_KNOWN), (line(code, None),)
    if a.minutes >= code.min_minutes:
        # one unit a session, however long beyond the minimum
        return Finding("code", "follow_up_met", MET, cites, params, FIELDS), (line(code, 1),)
    return Finding("code", "follow_up_short", NOT_MET, cites, params, FIELDS), (line(code, 0),)


def _minimum(p: Policy, group: bool) -> int:
    """The minimum minutes of the follow-up code (group False) or of the group code (group True)."""
    return next(c.min_minutes for c in p.codes if c.service == "coaching" and c.group == group and c.min_minutes)


def figures(p: Policy) -> dict[str, int]:
    """The numbers a person reads before a determination (a question's hint), from the version given:
    the follow-up code's minimum, the group code's, and the timed code's unit."""
    return {"minimum": _minimum(p, False), "group_minimum": _minimum(p, True),
            "unit": next(c.unit_minutes for c in p.codes if c.unit_minutes)}


def _peer(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    (code,) = (c for c in p.codes if c.service == "peer_support")
    cites, fields = p.cite("considered_covered") + (p.cite_code(code),), ("minutes",)
    if a.minutes is None:
        # shorter than one unit is open, longer is met: not knowing which is open
        return (Finding("code", "peer_minutes_unknown", UNKNOWN, cites, (("unit", code.unit_minutes),), fields,
                        NOT_KNOWN), (line(code, None),))
    units, remainder = divmod(a.minutes, code.unit_minutes)
    params = (("minutes", a.minutes), ("units", units), ("remainder", remainder), ("unit", code.unit_minutes))
    if not units:
        # less than one unit, and the policy gives no rounding rule for a part of one
        return (Finding("code", "peer_under_one_unit", UNKNOWN, cites, params, fields, POLICY_SILENT),
                (line(code, 0, remainder),))
    # the whole units are billable; what the rest counts for is the plan's rule, not the policy's
    key = "peer_part_unit" if remainder else "peer_units"
    return Finding("code", key, MET, cites, params, fields), (line(code, units, remainder),)
