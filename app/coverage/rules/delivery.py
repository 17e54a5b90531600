"""The delivery criterion: 0591T and 0592T are "face-to-face"; H0038's descriptor sets no such condition.

Coaching in person meets it; coaching by telehealth is open, the policy being silent on telehealth; peer
support is met however it is given. Coaching not known to be one-on-one is judged as both, said in the
individual codes' words (in person, by telehealth or not known, the two agree: tests/test_exhaustive.py).
Its cases are in tests/cases/delivery.yaml.
"""
from __future__ import annotations

from ..answers import STATES, Answers
from ..policy import FACE_TO_FACE, Policy
from ..texts import CODING, N_, PLAN_TERMS, Text
from .code import coaching_codes
from .rule import MET, NOT_KNOWN, POLICY_SILENT, UNKNOWN, CodeWords, Finding, rules_of

rule = rules_of("delivery", fields=("delivery",))
# the words of the code rows that fit: "face-to-face" of the individual coaching codes, H0038's whole row
FACE_TO_FACE_WORDS, PEER_CODE = CodeWords(FACE_TO_FACE), CodeWords()
# 0593T is not printed in the policy, so its words cannot be quoted: the note on the list is
NOT_ALL_INCLUSIVE = "codes_not_all_inclusive"

IN_PERSON = rule("in_person", MET, cites=(FACE_TO_FACE_WORDS,), text=Text(
    N_("The coaching codes in the policy are for face-to-face visits, and this visit is in person."),
    N_("Delivery: in person, which meets the face-to-face descriptor of the coaching codes."),
    CODING))
COACHING_TELEHEALTH = rule("coaching_telehealth", UNKNOWN,
                           basis=POLICY_SILENT, cites=(FACE_TO_FACE_WORDS, "plan_terms"), text=Text(
    N_("The coaching codes in the policy are for face-to-face visits. The policy does not say if a phone or video visit counts. Your plan will need to check."),
    N_("Needs review: 0591T and 0592T are face-to-face codes, and A015 is silent on telehealth. Check the plan's telehealth terms and any %(state)s telehealth law."),
    CODING + (PLAN_TERMS,)))
COACHING_UNKNOWN = rule("coaching_unknown", UNKNOWN, basis=NOT_KNOWN, cites=(FACE_TO_FACE_WORDS,), text=Text(
    N_("The coaching codes in the policy are for face-to-face visits. We don't know yet if the visit is in person."),
    N_("Delivery not known: 0591T and 0592T are face-to-face codes. Confirm in person or telehealth."),
    CODING))
GROUP_IN_PERSON = rule("group_in_person", MET, cites=(NOT_ALL_INCLUSIVE,), text=Text(
    N_("The visit is in person. But the policy lists no code for group coaching, and it says its list of codes may not be complete."),
    N_("Delivery: in person. A015 lists no group coaching code, and notes that its list of codes may not be all-inclusive; the AMA describes 0593T as face-to-face."),
    ("coding-note-1",)))
GROUP_TELEHEALTH = rule("group_telehealth", UNKNOWN,
                        basis=POLICY_SILENT, cites=(NOT_ALL_INCLUSIVE, "plan_terms"), text=Text(
    N_("The policy lists no code for group coaching. It does not say if a phone or video visit counts. Your plan will need to check."),
    N_("Needs review: A015 lists no group coaching code and is silent on telehealth; the AMA describes 0593T as face-to-face. Check the plan's telehealth terms."),
    ("coding-note-1", PLAN_TERMS)))
GROUP_UNKNOWN = rule("group_unknown", UNKNOWN, basis=NOT_KNOWN, cites=(NOT_ALL_INCLUSIVE,), text=Text(
    N_("We don't know yet if the group coaching is in person. The policy lists no code for group coaching and does not say if a phone or video visit counts."),
    N_("Delivery not known: A015 lists no group coaching code and is silent on telehealth; the AMA describes 0593T as face-to-face. Confirm in person or telehealth."),
    ("coding-note-1",)))
# H0038's descriptor sets no face-to-face condition: however it is given, the policy is met
PEER_IN_PERSON = rule("peer_in_person", MET, cites=(PEER_CODE,), text=Text(
    N_("The policy's peer support code sets no rule on how the visit is given. This visit is in person."),
    N_("Delivery: in person. H0038's descriptor sets no face-to-face condition."),
    ("code-H0038",)))
PEER_TELEHEALTH = rule("peer_telehealth", MET, cites=(PEER_CODE, "plan_terms"), text=Text(
    N_("The policy's peer support code sets no rule on how the visit is given. The policy does not mention phone or video visits, so your plan's rules for them apply."),
    N_("Delivery criterion met as far as A015 goes: H0038's descriptor sets no face-to-face condition, and A015 is silent on telehealth. The plan's telehealth terms and any %(state)s telehealth law apply."),
    ("code-H0038", PLAN_TERMS)))
PEER_UNKNOWN = rule("peer_unknown", MET, cites=(PEER_CODE,), text=Text(
    N_("The policy's peer support code sets no rule on how the visit is given. So in person or by phone or video does not change this answer."),
    N_("Delivery not known, which does not change the answer: H0038's descriptor sets no face-to-face condition. If given by telehealth, the plan's telehealth terms apply."),
    ("code-H0038",)))

BY_DELIVERY = {  # in person, by telehealth, not known
    "peer_support": (PEER_IN_PERSON, PEER_TELEHEALTH, PEER_UNKNOWN),
    "group": (GROUP_IN_PERSON, GROUP_TELEHEALTH, GROUP_UNKNOWN),
    "individual": (IN_PERSON, COACHING_TELEHEALTH, COACHING_UNKNOWN),
}


def judge(a: Answers, p: Policy) -> Finding:
    if a.service == "coaching" and a.group is None:
        return judge(a.changed(group=False), p)  # judged as both, which agree: said as one-on-one
    if a.service == "peer_support":
        kind, codes = "peer_support", tuple(c for c in p.codes if c.service == "peer_support" and c.listed)
    elif a.group:
        kind, codes = "group", ()
    else:
        kind, codes = "individual", tuple(c for c in coaching_codes(a, p) if c.listed)
    in_person, telehealth, not_known = BY_DELIVERY[kind]
    found = in_person if a.delivery == "in_person" else telehealth if a.delivery == "telehealth" else not_known
    return found.found(p, (("state", STATES[a.state]),), codes)
