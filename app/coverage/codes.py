"""The code criterion: which code of the Coding Information table fits, with its units, and whether its
own conditions (individual or group, initial or follow-up, minutes) are met.

0591T "individual, initial assessment"; 0592T "individual, follow-up session, at least 30 mins";
H0038 "per 15 minutes". 0593T, group coaching, is not printed in the policy: it is shown as not
listed, and its AMA descriptor's 30-minute minimum is applied but never quoted as the policy's words.
"""
from __future__ import annotations

from dataclasses import dataclass

from .answers import Answers
from .criteria import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN, Finding, coaching_codes, combined, group_of
from .policy import Code, Policy

FIELDS = ("group", "session", "minutes")


@dataclass(frozen=True)
class CodeLine:
    system: str
    code: str
    descriptor: str
    listed: bool
    units: int | None
    descriptor_source: str | None
    remainder: int | None = None  # minutes past the last whole unit of a timed code

    def to_dict(self) -> dict:
        data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                "eligible": self.listed, "units": self.units}
        if self.descriptor_source:
            data["descriptor_source"] = self.descriptor_source
        if self.remainder:
            data["minutes_past_whole_units"] = self.remainder
        return data


def line(code: Code, units: int | None, remainder: int | None = None) -> CodeLine:
    return CodeLine(code.system, code.code, code.descriptor, code.listed, units, code.descriptor_source, remainder)


def judge(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    """The code that fits the service, and whether its conditions are met."""
    if a.service == "peer_support":
        return _peer(a, p)
    return _coaching(a, p)


def _minutes(a: Answers, minimum: int | None = None) -> tuple[tuple[str, object], ...]:
    """The params a code's text reads: the visit's minutes, and the code's own minimum from the data file."""
    return ((("minutes", a.minutes),) if a.minutes is not None else ()) + \
        ((("minimum", minimum),) if minimum is not None else ())


def _coaching(a: Answers, p: Policy) -> tuple[Finding, tuple[CodeLine, ...]]:
    individual_cites = tuple(p.cite_code(c, "individual") for c in p.codes if c.service == "coaching" and c.listed)
    group = group_of(a)
    if group is None:
        # not known whether one-on-one or group: judged as both; group coaching is never met, so neither is this
        one, ones = _coaching(a.changed(group=False), p)
        many, manys = _coaching(a.changed(group=True), p)
        status = combined((one.status, many.status))
        lines = tuple({ln.code: ln for ln in ones + manys}.values())
        return (Finding("code", "group_unknown", status, p.cite("codes_not_all_inclusive") + individual_cites,
                        _minutes(a), FIELDS, NOT_KNOWN), lines)
    if group:
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
    cites = p.cite("considered_covered") + (p.cite_code(code, f"at least {code.min_minutes} mins"),)
    params = _minutes(a, code.min_minutes)
    if a.minutes is None:
        return Finding("code", "follow_up_minutes_unknown", UNKNOWN, cites, params, FIELDS, NOT_KNOWN), (line(code, None),)
    if a.minutes >= code.min_minutes:
        # one unit a session, however long beyond the minimum
        return Finding("code", "follow_up_met", MET, cites, params, FIELDS), (line(code, 1),)
    return Finding("code", "follow_up_short", NOT_MET, cites, params, FIELDS), (line(code, 0),)


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
