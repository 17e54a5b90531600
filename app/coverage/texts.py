"""What a determination says, in two registers: plain words for members and callers, codes and
credentials for provider offices; and, beside each text, the policy anchors it rests on.

Each message is marked with N_ so that pybabel extracts it; the engine looks it up through the
translation function it is given, so the texts follow the reader's language. tests/test_texts.py
holds every text to anchors that exist, and every reason to quoting one of its text's anchors.
Where the policy is silent, the text says so in as many words.
"""
from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction where it is kept untranslated; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Text:
    """One message in each register, and the anchors of the policy words it rests on."""
    plain: str
    technical: str
    anchors: tuple[str, ...]

    def __getitem__(self, register: str) -> str:
        return self.plain if register == "plain" else self.technical


# register by audience: a call-center agent reads the plain words aloud to the caller
REGISTER = {"member": "plain", "agent": "plain", "provider": "technical"}

COVERAGE = "administrative-policy-coverage"
PLAN_TERMS = "administrative-policy-plan-terms"
CODING = ("code-0591T", "code-0592T")
CONSIDERED = "coding-considered-covered"

REASONS = {
    # --- diagnosis: "for individuals with mental health or substance use disorders" -----------------
    ("diagnosis", "met"): Text(
        N_("The policy covers these services for people with a mental health or substance use condition. You said there is one."),
        N_("Diagnosis criterion met: a %(diagnosis)s diagnosis, and A015 covers these services for individuals with mental health or substance use disorders. The policy names no diagnosis codes."),
        (COVERAGE,)),
    ("diagnosis", "none"): Text(
        N_("The policy covers these services for people with a mental health or substance use condition. You said there is none. The policy does not say it covers them for anyone else."),
        N_("Diagnosis criterion not met: A015 covers these services for individuals with mental health or substance use disorders, and no such diagnosis was reported. The policy states no coverage for anyone else."),
        (COVERAGE,)),
    ("diagnosis", "unknown"): Text(
        N_("The policy covers these services for people with a mental health or substance use condition. We don't know yet if there is one."),
        N_("Diagnosis not known: A015 covers these services for individuals with mental health or substance use disorders. Confirm the diagnosis; the policy names no diagnosis codes."),
        (COVERAGE,)),
    # --- service -------------------------------------------------------------------------------------
    ("service", "coaching"): Text(
        N_("Health coaching is one of the services this policy covers."),
        N_("Behavioral health coaching is within the scope of A015, which lists CPT 0591T and 0592T."),
        (COVERAGE,) + CODING),
    ("service", "peer_support"): Text(
        N_("Peer support is one of the services this policy covers."),
        N_("Peer support services are within the scope of A015, which lists HCPCS H0038."),
        (COVERAGE, "code-H0038")),
    # --- credential: "a Licensed/Certified coach acting within the scope of license or certification
    # under the applicable state law", the same words for both services ------------------------------
    ("credential", "licensed"): Text(
        N_("The provider has a state license. The policy covers care from a provider with a license or a certificate, when the care is within what it allows. The law in %(state)s sets that."),
        N_("Credential criterion met on the answer given: A015 requires a Licensed/Certified coach acting within the scope of license or certification under the applicable state law, and a state-licensed professional is Licensed. Confirm that %(state)s law puts this service within the license's scope."),
        (COVERAGE, PLAN_TERMS)),
    ("credential", "coach_named"): Text(
        N_("The coach has a certificate that the policy names for coaches. The policy covers the care when it is within what the certificate allows. The law in %(state)s sets that."),
        N_("Credential criterion met on the answer given: %(credential)s is a certification, and the policy's background names the NBHWC and the NCHEC as the bodies that certify coaches. Confirm that %(state)s law puts this service within the certification's scope."),
        (COVERAGE, "coaching-6")),
    ("credential", "coach_program"): Text(
        N_("The coach has a certificate from a coaching program. The policy says coaches may have one. The policy covers the care when it is within what the certificate allows. The law in %(state)s sets that."),
        N_("Credential criterion met on the answer given: a coaching certification issued by an accredited training program is a certification, as the policy's background describes coaches. Confirm that %(state)s law puts this service within the certification's scope."),
        (COVERAGE, "coaching-2")),
    ("credential", "peer_certified"): Text(
        N_("The peer support worker has a peer specialist certificate. The policy covers care from a provider with a certificate, when the care is within what it allows. The law in %(state)s sets that."),
        N_("Credential criterion met on the answer given: a peer specialist certification is a certification, and the policy's background describes peer support workers as trained and certified. Confirm that %(state)s law puts this service within the certification's scope."),
        (COVERAGE, "peer-support-3")),
    # a certificate issued for the other service: whether its scope under the state's law reaches this
    # service is exactly what is in doubt, so it is not known; the background describes, it sets no condition
    ("credential", "coach_cert_peer_support"): Text(
        N_("The provider has a coaching certificate. The policy covers care within what a license or a certificate allows. We don't know yet if the law in %(state)s lets this certificate cover peer support."),
        N_("Needs review: A015 covers the service when provided by a Licensed/Certified coach acting within the scope of license or certification under the applicable state law. A coaching certification is a certification, but whether its scope under %(state)s law reaches peer support is not known from the answers. The policy's background describes peer support workers as current or past recipients of behavioral health services who are trained and certified; that describes, it adds no condition. Confirm that %(state)s law puts peer support within the certification's scope."),
        (COVERAGE, "peer-support-2", "peer-support-3")),
    ("credential", "peer_cert_coaching"): Text(
        N_("The provider has a peer specialist certificate. The policy covers care within what a license or a certificate allows. We don't know yet if the law in %(state)s lets this certificate cover coaching."),
        N_("Needs review: A015 covers the service when provided by a Licensed/Certified coach acting within the scope of license or certification under the applicable state law. A peer specialist certification is a certification, but whether its scope under %(state)s law reaches coaching is not known from the answers. The policy's background says coaches have an advanced degree and/or a coaching certification issued by an accredited training program, and that the AMA defines a coach as certified by the NBHWC or the NCHEC; that describes, it adds no condition. Confirm that %(state)s law puts coaching within the certification's scope."),
        (COVERAGE, "coaching-6", "coaching-2")),
    ("credential", "other_certification"): Text(
        N_("The provider has a certificate that the policy does not name. The law in %(state)s sets what it allows. Your plan will need to check it."),
        N_("Needs review: A015 requires a Licensed/Certified coach acting within scope under %(state)s law. The certification given is not one the policy's background names (NBHWC, NCHEC, an accredited coaching program, a peer certification); confirm what it certifies and that %(state)s law puts this service within its scope."),
        (COVERAGE, PLAN_TERMS)),
    ("credential", "degree"): Text(
        N_("The provider has a degree but no license or certificate. The policy says coaches may have a degree. But it covers services from a provider with a license or a certificate."),
        N_("Credential criterion not met: A015's coverage statement requires a Licensed/Certified coach. Its background says coaches have an advanced degree in a psychology related field and/or a coaching certification; that describes, and a degree alone is neither a license nor a certification."),
        (COVERAGE, "coaching-2")),
    ("credential", "none"): Text(
        N_("The policy covers care from a provider with a license or a certificate. You said the provider has neither."),
        N_("Credential criterion not met: A015 covers these services when provided by a Licensed/Certified coach, and the provider has no license or certification."),
        (COVERAGE,)),
    ("credential", "unknown"): Text(
        N_("The policy covers care from a provider with a license or a certificate. We don't know yet which one the provider has."),
        N_("Credential not known: A015 requires a Licensed/Certified coach acting within the scope of the license or certification under %(state)s law. Confirm the rendering provider's license or certification and its scope."),
        (COVERAGE, PLAN_TERMS)),
    # --- setting: "Cigna covers outpatient ..." --------------------------------------------------------
    ("setting", "outpatient"): Text(
        N_("The policy covers outpatient care. You said this care is outpatient."),
        N_("Setting criterion met: A015 covers outpatient services."),
        (COVERAGE,)),
    ("setting", "not_outpatient"): Text(
        N_("The policy covers outpatient care. It does not say if care during a hospital stay or at a live-in treatment center is covered. Your plan will need to check."),
        N_("Needs review: A015 covers outpatient services and is silent on inpatient and residential settings. Check the benefit plan document for services during an inpatient or residential stay."),
        (COVERAGE,)),
    ("setting", "unknown"): Text(
        N_("The policy covers outpatient care. We don't know yet if this care is outpatient."),
        N_("Setting not known: A015 covers outpatient services. Confirm the place of service."),
        (COVERAGE,)),
    # --- delivery: the coaching codes are "face-to-face"; H0038 says nothing of it -----------------------
    ("delivery", "in_person"): Text(
        N_("The coaching codes in the policy are for face-to-face visits, and this visit is in person."),
        N_("Delivery: in person, which meets the face-to-face descriptor of the coaching codes."),
        CODING),
    ("delivery", "coaching_telehealth"): Text(
        N_("The coaching codes in the policy are for face-to-face visits. The policy does not say if a phone or video visit counts. Your plan will need to check."),
        N_("Needs review: 0591T and 0592T are face-to-face codes, and A015 is silent on telehealth. Check the plan's telehealth terms and any %(state)s telehealth law."),
        CODING + (PLAN_TERMS,)),
    ("delivery", "coaching_unknown"): Text(
        N_("The coaching codes in the policy are for face-to-face visits. We don't know yet if the visit is in person."),
        N_("Delivery not known: 0591T and 0592T are face-to-face codes. Confirm in person or telehealth."),
        CODING),
    ("delivery", "group_in_person"): Text(
        N_("The visit is in person. But the policy lists no code for group coaching, and it says its list of codes may not be complete."),
        N_("Delivery: in person. A015 lists no group coaching code, and notes that its list of codes may not be all-inclusive; the AMA describes 0593T as face-to-face."),
        ("coding-note-1",)),
    ("delivery", "group_telehealth"): Text(
        N_("The policy lists no code for group coaching. It does not say if a phone or video visit counts. Your plan will need to check."),
        N_("Needs review: A015 lists no group coaching code and is silent on telehealth; the AMA describes 0593T as face-to-face. Check the plan's telehealth terms."),
        ("coding-note-1", PLAN_TERMS)),
    ("delivery", "group_unknown"): Text(
        N_("We don't know yet if the group coaching is in person. The policy lists no code for group coaching and does not say if a phone or video visit counts."),
        N_("Delivery not known: A015 lists no group coaching code and is silent on telehealth; the AMA describes 0593T as face-to-face. Confirm in person or telehealth."),
        ("coding-note-1",)),
    ("delivery", "peer_in_person"): Text(
        N_("The policy's peer support code sets no rule on how the visit is given. This visit is in person."),
        N_("Delivery: in person. H0038's descriptor sets no face-to-face condition."),
        ("code-H0038",)),
    ("delivery", "peer_telehealth"): Text(
        N_("The policy's peer support code sets no rule on how the visit is given. The policy does not mention phone or video visits, so your plan's rules for them apply."),
        N_("Delivery criterion met as far as A015 goes: H0038's descriptor sets no face-to-face condition, and A015 is silent on telehealth. The plan's telehealth terms and any %(state)s telehealth law apply."),
        ("code-H0038", PLAN_TERMS)),
    ("delivery", "peer_unknown"): Text(
        N_("The policy's peer support code sets no rule on how the visit is given. So in person or by phone or video does not change this answer."),
        N_("Delivery not known, which does not change the answer: H0038's descriptor sets no face-to-face condition. If given by telehealth, the plan's telehealth terms apply."),
        ("code-H0038",)),
    # --- code: the Coding Information table ------------------------------------------------------------
    ("code", "initial"): Text(
        N_("A first coaching visit has a code that the policy lists as eligible."),
        N_("CPT 0591T (initial assessment) fits, 1 unit: A015 lists it as eligible for coverage."),
        (CONSIDERED, "code-0591T")),
    ("code", "follow_up_met"): Text(
        N_("A follow-up coaching visit of at least %(minimum)s minutes has a code that the policy lists. Your visit is %(minutes)s minutes."),
        N_("CPT 0592T (follow-up session, at least %(minimum)s minutes) fits, 1 unit per session: %(minutes)s minutes meets the %(minimum)s-minute minimum."),
        (CONSIDERED, "code-0592T")),
    ("code", "follow_up_short"): Text(
        N_("The policy's code for a follow-up coaching visit needs at least %(minimum)s minutes. Your visit is %(minutes)s minutes."),
        N_("0592T requires a follow-up session of at least %(minimum)s minutes; %(minutes)s minutes does not meet it, and A015 lists no other follow-up coaching code."),
        (CONSIDERED, "code-0592T")),
    ("code", "follow_up_minutes_unknown"): Text(
        N_("The policy's code for a follow-up coaching visit needs at least %(minimum)s minutes. We don't know yet how long the visit is."),
        N_("Minutes not known: 0592T requires a follow-up session of at least %(minimum)s minutes. Confirm the session length."),
        (CONSIDERED, "code-0592T")),
    ("code", "session_unknown"): Text(
        N_("We don't know yet if this is a first coaching visit or a follow-up. A first visit has its own code. A follow-up needs at least %(minimum)s minutes."),
        N_("Session not known: 0591T is the initial assessment; 0592T is a follow-up session of at least %(minimum)s minutes. Confirm which applies."),
        CODING),
    ("code", "session_unknown_long"): Text(
        N_("We don't know if this is a first visit or a follow-up. But a visit of %(minutes)s minutes fits a code the policy lists either way."),
        N_("Session not known, which does not change the answer: at %(minutes)s minutes either 0591T (initial assessment) or 0592T (follow-up, at least %(minimum)s minutes) fits, 1 unit. Confirm which to bill."),
        CODING),
    ("code", "session_unknown_short"): Text(
        N_("A first coaching visit has its own code. A follow-up needs at least %(minimum)s minutes, and this visit is %(minutes)s minutes. We don't know yet which it is."),
        N_("Session not known: a first visit fits 0591T; a follow-up of %(minutes)s minutes does not meet 0592T's %(minimum)s-minute minimum. Confirm which applies."),
        CODING),
    ("code", "group_coaching"): Text(
        N_("The policy lists codes for one-on-one coaching. Group coaching has its own code, which the policy does not list. The policy says its list of codes may not be complete. Your plan will need to check."),
        N_("Needs review: the group coaching code 0593T is not listed in A015, whose coaching codes are for individuals; the policy notes that its list of codes may not be all-inclusive."),
        ("coding-note-1",) + CODING),
    ("code", "group_minutes_unknown"): Text(
        N_("The policy lists codes for one-on-one coaching. Group coaching has its own code, which the policy does not list. That code needs at least %(minimum)s minutes, and we don't know yet how long the visit is."),
        N_("Needs review: 0593T is not listed in A015 (its list may not be all-inclusive), and its AMA descriptor requires at least %(minimum)s minutes; the session length is not known."),
        ("coding-note-1",) + CODING),
    ("code", "group_short"): Text(
        N_("The policy lists codes for one-on-one coaching. The code for group coaching is not in the policy, and it needs at least %(minimum)s minutes. This visit is %(minutes)s minutes, so no code fits."),
        N_("No code fits: A015's coaching codes are for individuals, and 0593T, not listed in A015, requires at least %(minimum)s minutes by its AMA descriptor; %(minutes)s minutes does not meet it."),
        ("coding-note-1",) + CODING),
    ("code", "group_unknown"): Text(
        N_("We don't know yet if the coaching is one-on-one or in a group. The policy lists codes for one-on-one coaching, not for group coaching."),
        N_("Individual or group not known: A015 lists 0591T and 0592T, which are individual codes; the group code 0593T is not listed. Confirm which applies."),
        ("coding-note-1",) + CODING),
    ("code", "group_unknown_short"): Text(
        N_("We don't know yet if the coaching is one-on-one or in a group. Either way, this visit is too short. The policy's code for a follow-up needs at least %(minimum)s minutes. The code for group coaching is not in the policy, and it needs at least %(group_minimum)s minutes. This visit is %(minutes)s minutes."),
        N_("No code fits, individual or group: 0592T requires a follow-up session of at least %(minimum)s minutes, and 0593T, not listed in A015, requires at least %(group_minimum)s minutes by its AMA descriptor; %(minutes)s minutes meets neither."),
        ("coding-note-1",) + CODING),
    ("code", "peer_units"): Text(
        N_("Peer support is paid by time: one unit for each %(unit)s minutes. Your visit of %(minutes)s minutes is %(units)s units."),
        N_("HCPCS H0038 (per %(unit)s minutes) fits. Minutes: %(minutes)s; units: %(units)s."),
        (CONSIDERED, "code-H0038")),
    ("code", "peer_part_unit"): Text(
        N_("Peer support is paid by time: one unit for each %(unit)s minutes. Your visit of %(minutes)s minutes is %(units)s full units and %(remainder)s minutes more. The policy does not say how to count extra minutes, so your plan's rules decide."),
        N_("HCPCS H0038 (per %(unit)s minutes) fits. Minutes: %(minutes)s; whole units: %(units)s; minutes left over: %(remainder)s. A015 gives no rounding rule for part-units: the plan's billing rules decide whether they count."),
        (CONSIDERED, "code-H0038")),
    ("code", "peer_under_one_unit"): Text(
        N_("Peer support is paid by time: one unit for each %(unit)s minutes. This visit is %(minutes)s minutes, less than one unit. The policy does not say how to count part of a unit. Your plan will need to check."),
        N_("Needs review: H0038 is per %(unit)s minutes, and %(minutes)s minutes is less than one unit; A015 gives no rounding rule for part-units."),
        (CONSIDERED, "code-H0038")),
    ("code", "peer_minutes_unknown"): Text(
        N_("Peer support is paid by time: one unit for each %(unit)s minutes. We don't know yet how long the visit is. The policy does not say how to count a visit shorter than one unit."),
        N_("Minutes not known: H0038 is per %(unit)s minutes, and A015 gives no rounding rule for a session shorter than one unit. Confirm the session length."),
        (CONSIDERED, "code-H0038")),
    # --- date of service: "Effective Date 4/15/2023" --------------------------------------------------
    ("date_of_service", "in_effect"): Text(
        N_("The policy is in effect on the date of the visit."),
        N_("Date of service %(date)s is on or after the policy's effective date, %(effective)s."),
        ("effective-date",)),
    ("date_of_service", "before_effective"): Text(
        N_("The visit is before this policy took effect on %(effective)s. The policy does not say what applies before then. Your plan will need to check."),
        N_("Needs review: date of service %(date)s is before A015's effective date, %(effective)s, and this version of the policy is silent on earlier dates of service."),
        ("effective-date",)),
}

# names put into the texts above, translated with them
DIAGNOSIS_NAMES = {"mental_health": N_("mental health"), "substance_use": N_("substance use"),
                   "both": N_("mental health and substance use")}
# a state's name is in the catalogue where Spanish writes it otherwise (app/wizard/spanish.py): "Nueva York"
TRANSLATED_PARAMS = {"diagnosis", "state"}
DATE_PARAMS = {"date", "effective", "review"}  # ISO dates, written out in the reader's language

# the policy's age, said where the answer is given: the headline, the agent's script, the printout, the API
POLICY_AGE = Text(
    N_("This answer uses the %(effective)s version of policy A015. That version was due for review on %(review)s, so a newer version may apply to your visit."),
    N_("Determined under the %(effective)s version of A015, which was due for review on %(review)s; a later version may govern a date of service of %(date)s."),
    ("effective-date", "next-review-date"))

WARNINGS = {
    "codes_not_effective": Text(
        N_("A code that is deleted, or not in effect on the date of the visit, may not be paid."),
        N_("Codes deleted or not in effect on the date of service may not be eligible for reimbursement."),
        ("coding-note-2",)),
    "category_iii_codes": Text(
        N_("The policy names its coaching codes as Category III codes. Your provider can check that they are in use on the date of the visit."),
        N_("%(codes)s: CPT Category III codes, as A015's Related Coverage Resources names them. Confirm they are in effect on the date of service."),
        ("related-coverage-resources-1", "coding-note-2")),
    "telehealth_silent": Text(
        N_("The policy does not mention phone or video visits. Your plan's rules for them apply."),
        N_("A015 is silent on telehealth: the plan's telehealth terms and any state telehealth law apply."),
        ("code-H0038", PLAN_TERMS)),
    "codes_not_all_inclusive": Text(
        N_("The policy says its list of codes may not be complete."),
        N_("A015 notes that its list of codes may not be all-inclusive."),
        ("coding-note-1",)),
}

# what the Purpose says every reader should know: kept apart from the warnings, which depend on the answers
NOTES = {
    "what_decides": Text(
        N_("A final answer looks at your plan, the laws that apply, policies like this one and the facts of your care."),
        N_("A coverage determination considers the benefit plan document's terms, applicable laws and regulations, collateral materials including this administrative policy, and the specific facts."),
        ("purpose-3",)),
    "not_treatment_advice": Text(
        N_("This policy is about coverage. It is not advice about which care is right for you."),
        N_("A015 is an administrative policy: not a treatment recommendation or guideline."),
        ("purpose-5",)),
}

DISCLAIMER = Text(
    N_("This is not a final answer. If your benefit plan document and this policy differ, your plan document is what counts."),
    N_("This is an estimate under administrative policy A015, not a coverage determination. In the event of a conflict, the member's benefit plan document supersedes the policy."),
    ("purpose-plan-supersedes",))

OUTCOMES = {
    "likely_covered": N_("Likely covered"),
    "likely_not_covered": N_("Likely not covered"),
    "needs_review": N_("Needs review"),
}

# --- what would change the answer, as a sentence: "It would likely be covered if the visit is in person."
# the conditions that could be otherwise come first; those not known yet are said as things to find out
CHANGE_SENTENCES = {
    "choice": Text(N_("It would likely be covered if %(choices)s."), N_("Likely covered if %(choices)s."),
                   (COVERAGE, CONSIDERED)),
    "confirm": Text(N_("It would likely be covered if you find out that %(confirms)s."),
                    N_("Likely covered once it is confirmed that %(confirms)s."), (COVERAGE, CONSIDERED)),
    "both": Text(N_("It would likely be covered if %(choices)s. You would also need to find out that %(confirms)s."),
                 N_("Likely covered if %(choices)s, once it is confirmed that %(confirms)s."), (COVERAGE, CONSIDERED)),
}
ALTERNATIVES = N_("%(choices)s or %(last)s")
ALTERNATIVES_SERIES = N_("%(choices)s, or %(last)s")  # three or more, so "CHES or MCHES" stays one
BOTH = N_("%(first)s and %(last)s")

CONDITIONS = {
    "diagnosis": Text(N_("you have %(values)s"), N_("the member has %(values)s"), (COVERAGE,)),
    "setting": Text(N_("the care is outpatient"), N_("the service is outpatient"), (COVERAGE,)),
    "delivery": Text(N_("the visit is in person"), N_("the service is face-to-face (in person)"), CODING),
    "group": Text(N_("the coaching is one-on-one"), N_("the coaching is individual (0591T or 0592T)"), CODING),
    "session": Text(N_("it is %(values)s"), N_("the session is %(values)s"), CODING),
    "minutes": Text(N_("the visit lasts at least %(minutes)s minutes"), N_("the session lasts at least %(minutes)s minutes"),
                    CODING + ("code-H0038",)),
}

# a condition whose words depend on the service: who holds the credential
CONDITIONS_BY_SERVICE = {
    ("credential", "coaching"): Text(N_("the coach has %(values)s"),
                                     N_("the rendering provider holds %(values)s, within its scope under state law"),
                                     (COVERAGE,)),
    ("credential", "peer_support"): Text(N_("the peer support worker has %(values)s"),
                                         N_("the rendering provider holds %(values)s, within its scope under state law"),
                                         (COVERAGE,)),
}

# the values a condition names, in each register
VALUE_WORDS = {
    "diagnosis": {"mental_health": (N_("a mental health condition"), N_("a mental health disorder")),
                  "substance_use": (N_("a substance use condition"), N_("a substance use disorder")),
                  "both": (N_("both"), N_("both"))},
    "credential": {"licensed": (N_("a state license"), N_("a state license")),
                   "nbhwc": (N_("the NBC-HWC certificate"), N_("NBC-HWC")),
                   "nchec": (N_("a CHES or MCHES certificate"), N_("CHES or MCHES")),
                   "coaching_program": (N_("a certificate from an accredited coaching program"),
                                        N_("a coaching certification from an accredited training program")),
                   "certified_peer": (N_("a peer specialist certificate"), N_("a peer support certification"))},
    "session": {"initial": (N_("a first visit"), N_("the initial assessment (0591T)")),
                "follow_up": (N_("a follow-up visit"), N_("a follow-up session (0592T)"))},
}
# a whole set of values said in one phrase: every condition
VALUE_SETS = {
    ("diagnosis", frozenset({"mental_health", "substance_use", "both"})):
        (N_("a mental health or substance use condition"), N_("a mental health or substance use disorder")),
}

# --- an answer and its values named in words, for tables of answers (the decision table) -----------------
ANSWER_NAMES = {
    "diagnosis": N_("Diagnosis"),
    "credential": N_("Provider's credential"),
    "setting": N_("Setting"),
    "group": N_("Group or individual"),
    "session": N_("Session"),
    "minutes": N_("Minutes"),
    "delivery": N_("In person or telehealth"),
    "date_of_service": N_("Date of service"),
}

VALUE_LABELS = {
    "diagnosis": {"mental_health": N_("a mental health condition"), "substance_use": N_("a substance use condition"),
                  "both": N_("both"), "none": N_("neither"), "unknown": N_("not sure")},
    "credential": {"nbhwc": N_("NBC-HWC (National Board for Health & Wellness Coaching)"),
                   "nchec": N_("CHES or MCHES (National Commission for Health Education Credentialing)"),
                   "coaching_program": N_("a coaching certificate from an accredited training program"),
                   "licensed": N_("a state-licensed health professional"),
                   "certified_peer": N_("a state-certified peer specialist"),
                   "other_certification": N_("another certificate"),
                   "degree": N_("an advanced degree, with no license or certificate"),
                   "none": N_("no license or certificate"), "unknown": N_("not sure")},
    "setting": {"outpatient": N_("outpatient"), "inpatient": N_("inpatient"), "residential": N_("residential")},
    "session": {"initial": N_("first visit (initial assessment)"), "follow_up": N_("follow-up visit")},
    "group": {True: N_("group"), False: N_("individual")},
    "delivery": {"in_person": N_("in person"), "telehealth": N_("telehealth (video or phone)")},
    "service": {"coaching": N_("behavioral health coaching"), "peer_support": N_("peer support")},
}
