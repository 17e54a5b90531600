"""The code criterion: which code of the Coding Information table fits, with its units, and whether its own
conditions (individual or group, initial or follow-up, minutes) are met.

0591T "individual, initial assessment"; 0592T "individual, follow-up session, at least 30 mins"; H0038 "per 15
minutes" (the minimums and units as the version's data file sets them). 0593T, group coaching, is not printed
in the policy: it is shown as not listed, and its AMA descriptor's minimum is applied but never quoted as the
policy's words.

Each code line also says whether that code's own conditions are met on the answers, as if it were the code for
the visit (its own group and session): met, not met, or not known, as the criterion is judged. Its cases are in
tests/cases/code.yaml.
"""
from __future__ import annotations

from dataclasses import replace

from ..answers import Answers
from ..determination import CodeLine
from ..policy import INDIVIDUAL, MINIMUM, Code, Policy
from ..texts import CODING, CONSIDERED, N_, PLAN_TERMS, Text
from .rule import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN, CodeWords, Finding, combined, rules_of

FIELDS = ("group", "session", "minutes")
rule = rules_of("code", fields=FIELDS)
peer_rule = rules_of("code", fields=("minutes",))
# the code rows quoted: a listed code's whole row, its minimum, and "individual" of the individual coaching codes
ROW, ROW_MINIMUM, INDIVIDUAL_WORDS = CodeWords(), CodeWords(MINIMUM), CodeWords(INDIVIDUAL)
# the note that the list of codes may not be all-inclusive, for the group code the policy does not print
NOT_ALL_INCLUSIVE = "codes_not_all_inclusive"

# --- one-on-one coaching, its session known --------------------------------------------------------------------
INITIAL = rule("initial", MET, cites=("considered_covered", ROW), text=Text(
    N_("A first coaching visit has a code that the policy lists as eligible."),
    N_("CPT 0591T (initial assessment) fits, 1 unit: A015 lists it as eligible for coverage."),
    (CONSIDERED, "code-0591T")))
FOLLOW_UP_MET = rule("follow_up_met", MET, cites=("considered_covered", ROW_MINIMUM), text=Text(
    N_("A follow-up coaching visit of at least %(minimum)s minutes has a code that the policy lists. Your visit is %(minutes)s minutes."),
    N_("CPT 0592T (follow-up session, at least %(minimum)s minutes) fits, 1 unit per session: %(minutes)s minutes meets the %(minimum)s-minute minimum."),
    (CONSIDERED, "code-0592T")))
FOLLOW_UP_SHORT = rule("follow_up_short", NOT_MET, cites=("considered_covered", ROW_MINIMUM), text=Text(
    N_("The policy's code for a follow-up coaching visit needs at least %(minimum)s minutes. Your visit is %(minutes)s minutes."),
    N_("0592T requires a follow-up session of at least %(minimum)s minutes; %(minutes)s minutes does not meet it, and A015 lists no other follow-up coaching code."),
    (CONSIDERED, "code-0592T")))
FOLLOW_UP_MINUTES_UNKNOWN = rule("follow_up_minutes_unknown", UNKNOWN,
                                 basis=NOT_KNOWN, cites=("considered_covered", ROW_MINIMUM), text=Text(
    N_("The policy's code for a follow-up coaching visit needs at least %(minimum)s minutes. We don't know yet how long the visit is."),
    N_("Minutes not known: 0592T requires a follow-up session of at least %(minimum)s minutes. Confirm the session length."),
    (CONSIDERED, "code-0592T")))
# --- one-on-one coaching, its session not known --------------------------------------------------------------
SESSION_UNKNOWN = rule("session_unknown", UNKNOWN, basis=NOT_KNOWN, cites=(ROW,), text=Text(
    N_("We don't know yet if this is a first coaching visit or a follow-up. A first visit has its own code. A follow-up needs at least %(minimum)s minutes."),
    N_("Session not known: 0591T is the initial assessment; 0592T is a follow-up session of at least %(minimum)s minutes. Confirm which applies."),
    CODING))
# a first visit or a follow-up this long: a listed code fits either way
SESSION_UNKNOWN_LONG = rule("session_unknown_long", MET, cites=(ROW,), text=Text(
    N_("We don't know if this is a first visit or a follow-up. But a visit of %(minutes)s minutes fits a code the policy lists either way."),
    N_("Session not known, which does not change the answer: at %(minutes)s minutes either 0591T (initial assessment) or 0592T (follow-up, at least %(minimum)s minutes) fits, 1 unit. Confirm which to bill."),
    CODING))
SESSION_UNKNOWN_SHORT = rule("session_unknown_short", UNKNOWN, basis=NOT_KNOWN, cites=(ROW,), text=Text(
    N_("A first coaching visit has its own code. A follow-up needs at least %(minimum)s minutes, and this visit is %(minutes)s minutes. We don't know yet which it is."),
    N_("Session not known: a first visit fits 0591T; a follow-up of %(minutes)s minutes does not meet 0592T's %(minimum)s-minute minimum. Confirm which applies."),
    CODING))
# --- group coaching: 0593T, not printed in the policy -----------------------------------------------------------
GROUP_COACHING = rule("group_coaching", UNKNOWN,
                      basis=POLICY_SILENT, cites=(NOT_ALL_INCLUSIVE, INDIVIDUAL_WORDS), text=Text(
    N_("The policy lists codes for one-on-one coaching, and none for group coaching. The policy says its list of codes may not be complete. Your plan will need to check."),
    N_("Needs review: the group coaching code 0593T is not listed in A015, whose coaching codes are for individuals; the policy notes that its list of codes may not be all-inclusive."),
    ("coding-note-1",) + CODING))
GROUP_MINUTES_UNKNOWN = rule("group_minutes_unknown", UNKNOWN,
                             basis=POLICY_SILENT, cites=(NOT_ALL_INCLUSIVE, INDIVIDUAL_WORDS), text=Text(
    N_("The policy lists codes for one-on-one coaching, and none for group coaching. The billing code for group coaching, which is not in the policy, needs at least %(minimum)s minutes. We don't know yet how long the visit is."),
    N_("Needs review: 0593T is not listed in A015 (its list may not be all-inclusive), and its AMA descriptor requires at least %(minimum)s minutes; the session length is not known."),
    ("coding-note-1",) + CODING))
GROUP_SHORT = rule("group_short", NOT_MET, cites=(NOT_ALL_INCLUSIVE, INDIVIDUAL_WORDS), text=Text(
    N_("The policy lists codes for one-on-one coaching. The code for group coaching is not in the policy, and it needs at least %(minimum)s minutes. This visit is %(minutes)s minutes, so no code fits."),
    N_("No code fits: A015's coaching codes are for individuals, and 0593T, not listed in A015, requires at least %(minimum)s minutes by its AMA descriptor; %(minutes)s minutes does not meet it."),
    ("coding-note-1",) + CODING))
# --- coaching not known to be one-on-one or in a group: judged as both ----------------------------------------
GROUP_UNKNOWN = rule("group_unknown", UNKNOWN,
                     basis=NOT_KNOWN, cites=(NOT_ALL_INCLUSIVE, INDIVIDUAL_WORDS), text=Text(
    N_("We don't know yet if the coaching is one-on-one or in a group. The policy lists codes for one-on-one coaching, not for group coaching."),
    N_("Individual or group not known: A015 lists 0591T and 0592T, which are individual codes; the group code 0593T is not listed. Confirm which applies."),
    ("coding-note-1",) + CODING))
# too short either way: under the follow-up code's minimum and under the group code's
GROUP_UNKNOWN_SHORT = rule("group_unknown_short", NOT_MET, cites=(NOT_ALL_INCLUSIVE, INDIVIDUAL_WORDS), text=Text(
    N_("We don't know yet if the coaching is one-on-one or in a group. Either way, this visit is too short. The policy's code for a follow-up needs at least %(minimum)s minutes. The code for group coaching is not in the policy, and it needs at least %(group_minimum)s minutes. This visit is %(minutes)s minutes."),
    N_("No code fits, individual or group: 0592T requires a follow-up session of at least %(minimum)s minutes, and 0593T, not listed in A015, requires at least %(group_minimum)s minutes by its AMA descriptor; %(minutes)s minutes meets neither."),
    ("coding-note-1",) + CODING))
# --- peer support: H0038 per unit of minutes --------------------------------------------------------------------
PEER_UNITS = peer_rule("peer_units", MET, cites=("considered_covered", ROW), text=Text(
    N_("The policy's code for peer support counts time: one unit for each %(unit)s minutes. Your visit of %(minutes)s minutes counts as %(units)s of them."),
    N_("HCPCS H0038 (per %(unit)s minutes) fits. Minutes: %(minutes)s; units: %(units)s."),
    (CONSIDERED, "code-H0038")))
# the whole units are billable; what the rest counts for is the plan's rule, not the policy's
PEER_PART_UNIT = peer_rule("peer_part_unit", MET, cites=("considered_covered", ROW, "plan_terms"), text=Text(
    N_("The policy's code for peer support counts time: one unit for each %(unit)s minutes. Your visit of %(minutes)s minutes counts as %(units)s of them, and %(remainder)s minutes more. The policy does not say how to count extra minutes; coverage is subject to the terms of your plan."),
    N_("HCPCS H0038 (per %(unit)s minutes) fits. Minutes: %(minutes)s; whole units: %(units)s; minutes left over: %(remainder)s. A015 gives no rounding rule for part-units; coverage is subject to the terms, conditions and limitations of the applicable benefit plan."),
    (CONSIDERED, "code-H0038", PLAN_TERMS)))
# less than one unit, and the policy gives no rounding rule for a part of one
PEER_UNDER_ONE_UNIT = peer_rule("peer_under_one_unit", UNKNOWN,
                                basis=POLICY_SILENT, cites=("considered_covered", ROW), text=Text(
    N_("The policy's code for peer support counts time: one unit for each %(unit)s minutes. This visit is %(minutes)s minutes, less than one unit. The policy does not say how to count part of a unit. Your plan will need to check."),
    N_("Needs review: H0038 is per %(unit)s minutes, and %(minutes)s minutes is less than one unit; A015 gives no rounding rule for part-units."),
    (CONSIDERED, "code-H0038")))
# shorter than one unit is open, longer is met: not knowing which is open
PEER_MINUTES_UNKNOWN = peer_rule("peer_minutes_unknown", UNKNOWN,
                                 basis=NOT_KNOWN, cites=("considered_covered", ROW), text=Text(
    N_("The policy's code for peer support counts time: one unit for each %(unit)s minutes. We don't know yet how long the visit is. The policy does not say how to count a visit shorter than one unit."),
    N_("Minutes not known: H0038 is per %(unit)s minutes, and A015 gives no rounding rule for a session shorter than one unit. Confirm the session length."),
    (CONSIDERED, "code-H0038")))


def coaching_codes(a: Answers, p: Policy) -> tuple[Code, ...]:
    """The coaching codes that fit the answers: several while the group or the session is not known.

    A session's name does not tell whether it was one-on-one: a group program has a first session too.
    So with the group not known, the group code stands beside the individual code of the session."""
    return tuple(c for c in p.codes if c.service == "coaching"
                 and (a.group is None or c.group == a.group)
                 and (c.group or a.session is None or c.session == a.session))


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
    individual = tuple(c for c in p.codes if c.service == "coaching" and c.listed and c.group is False)
    if a.group is None:
        # not known whether one-on-one or in a group: judged as both, whatever the session is called,
        # since a group has a first session too; group coaching is never met, so neither is this
        one, ones = _coaching(a.changed(group=False), p)
        many, manys = _coaching(a.changed(group=True), p)
        lines = tuple({ln.code: ln for ln in ones + manys}.values())
        if combined((one.status, many.status)) == NOT_MET:
            params = _minutes(a, _minimum(p, False)) + (("group_minimum", _minimum(p, True)),)
            return GROUP_UNKNOWN_SHORT.found(p, params, individual), lines
        return GROUP_UNKNOWN.found(p, _minutes(a), individual), lines
    if a.group:
        (code,) = coaching_codes(a, p)
        params = _minutes(a, code.min_minutes)
        if a.minutes is None:
            return GROUP_MINUTES_UNKNOWN.found(p, params, individual), (line(code, None),)
        if a.minutes < code.min_minutes:
            return GROUP_SHORT.found(p, params, individual), (line(code, 0),)
        return GROUP_COACHING.found(p, params, individual), (line(code, None),)
    codes = coaching_codes(a, p)
    if a.session is None:
        follow_up = next(c for c in codes if c.min_minutes)
        params = _minutes(a, follow_up.min_minutes)
        if a.minutes is None:
            return SESSION_UNKNOWN.found(p, params, codes), tuple(line(c, None) for c in codes)
        if a.minutes >= follow_up.min_minutes:
            return SESSION_UNKNOWN_LONG.found(p, params, codes), tuple(line(c, 1) for c in codes)
        return (SESSION_UNKNOWN_SHORT.found(p, params, codes),
                tuple(line(c, 0 if c.min_minutes else 1) for c in codes))
    (code,) = codes
    if code.min_minutes is None:
        return INITIAL.found(p, (), codes), (line(code, 1),)
    params = _minutes(a, code.min_minutes)
    if a.minutes is None:
        return FOLLOW_UP_MINUTES_UNKNOWN.found(p, params, codes), (line(code, None),)
    if a.minutes >= code.min_minutes:
        # one unit a session, however long beyond the minimum
        return FOLLOW_UP_MET.found(p, params, codes), (line(code, 1),)
    return FOLLOW_UP_SHORT.found(p, params, codes), (line(code, 0),)


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
    if a.minutes is None:
        return PEER_MINUTES_UNKNOWN.found(p, (("unit", code.unit_minutes),), (code,)), (line(code, None),)
    units, remainder = divmod(a.minutes, code.unit_minutes)
    params = (("minutes", a.minutes), ("units", units), ("remainder", remainder), ("unit", code.unit_minutes))
    if not units:
        return PEER_UNDER_ONE_UNIT.found(p, params, (code,)), (line(code, 0, remainder),)
    return (PEER_PART_UNIT if remainder else PEER_UNITS).found(p, params, (code,)), (line(code, units, remainder),)
