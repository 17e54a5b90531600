"""A015's criteria, one function each, from the coverage statement and the code table.

"Cigna covers outpatient behavioral health coaching and peer support services for individuals with
mental health or substance use disorders when provided by a Licensed/Certified coach acting within
the scope of license or certification under the applicable state law." Each function judges one part
of that sentence, or the code that fits, and returns a Finding: its status, the key of its text, the
policy words it rests on, and why it is open when it is (an answer not known, or the policy silent).

One reading of what is not known: an answer not known (left out, or "not sure") is judged as the
set of every answer it could be. A criterion is met when every one of them meets it, not met when
none does, and unknown otherwise. tests/test_exhaustive.py proves it for every detail over the whole
answer space.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .answers import STATES, Answers
from .policy import Citation, Code, Policy

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
# why a criterion is open: an answer is not known yet, or the policy does not say
NOT_KNOWN, POLICY_SILENT = "not_known", "policy_silent"

CREDENTIAL_NAMES = {"nbhwc": "NBC-HWC", "nchec": "CHES/MCHES"}
COACH_CERTIFICATES = ("nbhwc", "nchec", "coaching_program")


@dataclass(frozen=True)
class Finding:
    """One criterion judged: what the text says is chosen by (reason, key)."""
    reason: str
    key: str
    status: str
    citations: tuple[Citation, ...]
    params: tuple[tuple[str, object], ...] = ()
    fields: tuple[str, ...] = ()  # the answers this criterion turns on
    basis: str | None = None  # NOT_KNOWN or POLICY_SILENT when the status is unknown


def combined(statuses) -> str:
    """The status of an answer not known, from the statuses of every answer it could be."""
    statuses = set(statuses)
    if statuses == {MET}:
        return MET
    if statuses == {NOT_MET}:
        return NOT_MET
    return UNKNOWN


def diagnosis(a: Answers, p: Policy) -> Finding:
    cites, fields = p.cite("diagnosis"), ("diagnosis",)
    if a.diagnosis in ("mental_health", "substance_use", "both"):
        return Finding("diagnosis", "met", MET, cites, (("diagnosis", a.diagnosis),), fields)
    if a.diagnosis == "none":
        return Finding("diagnosis", "none", NOT_MET, cites, (), fields)
    return Finding("diagnosis", "unknown", UNKNOWN, cites, (), fields, NOT_KNOWN)


def service(a: Answers, p: Policy) -> Finding:
    return Finding("service", a.service, MET, p.cite("service"))


def credential(a: Answers, p: Policy) -> Finding:
    """Licensed/Certified, acting within the scope of that license or certification under state law.

    The statement says "a Licensed/Certified coach" for both services. A state license, and a
    certificate issued for this service (NBC-HWC, CHES/MCHES or an accredited program's certificate for
    coaching; a peer specialist certificate for peer support), meet it on the answers given, with scope
    under the state's law said as the thing to confirm. A certificate issued for the other service is
    a certification, but whether its scope under the state's law reaches this service is exactly what
    the answers do not tell: not known. The background describes who is certified for what; it adds no
    condition of its own."""
    base = p.cite("credential") + p.cite("state_regulations")
    params = (("state", STATES[a.state]), ("credential", CREDENTIAL_NAMES.get(a.credential, a.credential)))
    fields = ("credential",)
    coaching, c = a.service == "coaching", a.credential
    if c == "licensed":
        return Finding("credential", "licensed", MET, base, params, fields)
    if c in COACH_CERTIFICATES:
        if not coaching:
            return Finding("credential", "coach_cert_peer_support", UNKNOWN, base + p.cite("peer_background"),
                           params, fields, NOT_KNOWN)
        if c == "coaching_program":
            return Finding("credential", "coach_program", MET, base + p.cite("coach_background"), params, fields)
        return Finding("credential", "coach_named", MET, base + p.cite("coach_certification"), params, fields)
    if c == "certified_peer":
        if coaching:
            return Finding("credential", "peer_cert_coaching", UNKNOWN,
                           base + p.cite("coach_certification") + p.cite("coach_background"), params, fields,
                           NOT_KNOWN)
        return Finding("credential", "peer_certified", MET, base + p.cite("peer_certification"), params, fields)
    if c == "other_certification":
        # a certification, but of what is not known: whether it reaches this service is the state's law
        return Finding("credential", "other_certification", UNKNOWN, base, params, fields, POLICY_SILENT)
    if c == "degree":
        return Finding("credential", "degree", NOT_MET, base + p.cite("coach_background"), params, fields)
    if c == "none":
        return Finding("credential", "none", NOT_MET, base, params, fields)
    return Finding("credential", "unknown", UNKNOWN, base, params, fields, NOT_KNOWN)


def setting(a: Answers, p: Policy) -> Finding:
    cites, fields = p.cite("setting"), ("setting",)
    if a.setting == "outpatient":
        return Finding("setting", "outpatient", MET, cites, (), fields)
    if a.setting in ("inpatient", "residential"):
        # the policy covers outpatient services and says nothing of the others: a person must look
        return Finding("setting", "not_outpatient", UNKNOWN, cites, (), fields, POLICY_SILENT)
    return Finding("setting", "unknown", UNKNOWN, cites, (), fields, NOT_KNOWN)


def coaching_codes(a: Answers, p: Policy) -> tuple[Code, ...]:
    """The coaching codes that fit the answers: several while the group or the session is not known.

    A session's name does not tell whether it was one-on-one: a group program has a first session too.
    So with the group not known, the group code stands beside the individual code of the session."""
    return tuple(c for c in p.codes if c.service == "coaching"
                 and (a.group is None or c.group == a.group)
                 and (c.group or a.session is None or c.session == a.session))


def delivery(a: Answers, p: Policy) -> Finding:
    params, fields = (("state", STATES[a.state]),), ("delivery",)
    if a.service == "peer_support":
        # H0038's descriptor sets no face-to-face condition: however it is given, the policy is met
        cites = tuple(p.cite_code(c) for c in p.codes if c.service == "peer_support")
        if a.delivery == "telehealth":
            return Finding("delivery", "peer_telehealth", MET, cites + p.cite("plan_terms"), params, fields)
        key = "peer_in_person" if a.delivery == "in_person" else "peer_unknown"
        return Finding("delivery", key, MET, cites, params, fields)
    if a.group is None:
        # not known whether one-on-one or in a group: judged as both, said in the individual codes' words
        one, many = delivery(a.changed(group=False), p), delivery(a.changed(group=True), p)
        status = combined((one.status, many.status))
        return replace(one, status=status, basis=one.basis if status == one.status else many.basis)
    if a.group:
        # 0593T is not printed in the policy, so its words cannot be quoted: the note on the list is
        cites = p.cite("codes_not_all_inclusive")
        prefix = "group_"
    else:
        fitting = [c for c in coaching_codes(a, p) if c.listed]
        cites = tuple(p.cite_code(c, "face-to-face") for c in fitting)
        prefix = "coaching_"
    if a.delivery == "in_person":
        return Finding("delivery", prefix + "in_person" if a.group else "in_person", MET, cites, params, fields)
    if a.delivery == "telehealth":
        return Finding("delivery", prefix + "telehealth", UNKNOWN, cites + p.cite("plan_terms"), params, fields,
                       POLICY_SILENT)
    return Finding("delivery", prefix + "unknown", UNKNOWN, cites, params, fields, NOT_KNOWN)


def date_of_service(a: Answers, p: Policy) -> Finding:
    cites = p.cite("effective_date")
    params = (("date", a.date_of_service.isoformat()), ("effective", p.effective_date.isoformat()))
    if a.date_of_service < p.effective_date:
        return Finding("date_of_service", "before_effective", UNKNOWN, cites, params, ("date_of_service",),
                       POLICY_SILENT)
    return Finding("date_of_service", "in_effect", MET, cites, params, ("date_of_service",))
