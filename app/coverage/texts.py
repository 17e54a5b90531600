"""What a determination says, in two registers: plain words for members and callers,
codes and credentials for provider offices.

Each message is marked with N_ so that pybabel extracts it; the engine looks it up through
the translation function it is given, so the texts follow the reader's language.
"""


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when a determination is rendered."""
    return message


# register by audience: a call-center agent reads the plain words aloud to the caller
REGISTER = {"member": "plain", "agent": "plain", "provider": "technical"}

# (reason id, finding) -> {register: message}
REASONS = {
    ("diagnosis", "met"): {
        "plain": N_("The policy covers these services for people with a mental health or substance use condition. You said there is one."),
        "technical": N_("Diagnosis criterion met: the member has a %(diagnosis)s diagnosis, and A015 covers these services for individuals with mental health or substance use disorders (in ICD-10-CM, chapter 5: F01-F99; the policy names no codes)."),
    },
    ("diagnosis", "none"): {
        "plain": N_("The policy covers these services only for people with a mental health or substance use condition. You said there is none."),
        "technical": N_("Diagnosis criterion not met: A015 covers these services only for individuals with mental health or substance use disorders, and no such diagnosis was reported."),
    },
    ("diagnosis", "unknown"): {
        "plain": N_("The policy covers these services for people with a mental health or substance use condition. We don't know yet if there is one."),
        "technical": N_("Diagnosis unknown: A015 covers these services for individuals with mental health or substance use disorders (in ICD-10-CM, chapter 5: F01-F99; the policy names no codes). Confirm the diagnosis on the claim."),
    },
    ("service", "coaching"): {
        "plain": N_("Health coaching is one of the services this policy covers."),
        "technical": N_("Behavioral health coaching is within the scope of A015 (CPT 0591T, 0592T)."),
    },
    ("service", "peer_support"): {
        "plain": N_("Peer support is one of the services this policy covers."),
        "technical": N_("Peer support services are within the scope of A015 (HCPCS H0038)."),
    },
    ("credential", "coach_certified"): {
        "plain": N_("The coach has a national coaching certificate that the policy names. The coach must work within what the certificate and the law in %(state)s allow."),
        "technical": N_("Credential criterion met: %(credential)s is a certification the policy names for coaches (NBHWC or NCHEC). The coach must act within the scope of that certification under %(state)s law."),
    },
    ("credential", "licensed"): {
        "plain": N_("The provider has a state license. The policy covers services from a licensed provider who works within what the license allows in %(state)s."),
        "technical": N_("Credential criterion met: a state-licensed health professional acting within the scope of license under %(state)s law meets the policy's \"Licensed/Certified\" requirement. Confirm the service is within the license's scope."),
    },
    ("credential", "peer_certified"): {
        "plain": N_("The peer specialist is certified in %(state)s, or has a certificate that %(state)s accepts. That meets the policy."),
        "technical": N_("Credential criterion met: a peer specialist certified under the %(state)s program, or a certification %(state)s accepts, acting within the scope of that certification."),
    },
    ("credential", "coach_giving_peer_support"): {
        "plain": N_("The provider is certified as a coach, not as a peer specialist. The policy does not say if a coaching certificate covers peer support. Your plan will need to check."),
        "technical": N_("Needs review: an NBHWC or NCHEC coaching certification is not a peer support certification. A015 requires the provider to act within the scope of the certification under %(state)s law; whether that scope includes peer support (H0038) is not stated."),
    },
    ("credential", "peer_giving_coaching"): {
        "plain": N_("The provider is certified as a peer specialist, not as a coach. The policy does not say if that certificate covers coaching. Your plan will need to check."),
        "technical": N_("Needs review: a peer specialist certification is not a coaching certification. A015 requires the provider to act within the scope of the certification under %(state)s law; whether that scope includes health and well-being coaching (0591T, 0592T) is not stated."),
    },
    ("credential", "other_certification"): {
        "plain": N_("The provider has a certificate the policy does not name. The law in %(state)s decides if it counts. Your plan will need to check."),
        "technical": N_("Needs review: A015 requires a Licensed/Certified provider acting within scope under %(state)s law. Another certification may qualify; verify that %(state)s recognizes it for this service."),
    },
    ("credential", "none"): {
        "plain": N_("The provider must have a license or a certificate. You said the provider has neither."),
        "technical": N_("Credential criterion not met: A015 covers these services only when provided by a Licensed/Certified provider acting within scope under state law; the provider has no license or certification."),
    },
    ("credential", "unknown"): {
        "plain": N_("The provider must have a license or a certificate. We don't know yet which one the provider has."),
        "technical": N_("Credential unknown: verify the provider's license or certification (NBC-HWC, CHES/MCHES, a state license, or a %(state)s peer certification) before the visit."),
    },
    ("setting", "outpatient"): {
        "plain": N_("The policy covers these services when they are outpatient, which they are."),
        "technical": N_("Setting criterion met: A015 covers outpatient services."),
    },
    ("setting", "not_outpatient"): {
        "plain": N_("The policy covers these services only for outpatient care. You said they are given during a stay in a hospital or program."),
        "technical": N_("Setting criterion not met: A015 covers outpatient services only; services during an inpatient or residential stay are not within this policy."),
    },
    ("setting", "unknown"): {
        "plain": N_("The policy covers these services when they are outpatient. We don't know yet if they are."),
        "technical": N_("Setting unknown: A015 covers outpatient services only. Confirm the place of service."),
    },
    ("delivery", "in_person"): {
        "plain": N_("The service is given in person."),
        "technical": N_("Delivery: in person, face-to-face."),
    },
    ("delivery", "peer_not_stated"): {
        "plain": N_("You did not say the peer support is by phone or video. The policy's peer support code does not need an in-person visit."),
        "technical": N_("Delivery not stated: H0038's descriptor sets no face-to-face condition. If the service is by telehealth, A015 is silent: check the plan's telehealth terms."),
    },
    ("delivery", "coaching_telehealth"): {
        "plain": N_("The coaching codes in the policy are for face-to-face visits. The policy does not say if a video visit counts. Your plan will need to check."),
        "technical": N_("Needs review: 0591T and 0592T are \"face-to-face\" codes and A015 is silent on telehealth. Check the plan's telehealth terms and any %(state)s telehealth law before billing."),
    },
    ("delivery", "peer_telehealth"): {
        "plain": N_("The policy does not say if peer support by phone or video is covered. Your plan will need to check."),
        "technical": N_("Needs review: A015 is silent on telehealth. H0038's descriptor does not say face-to-face, but coverage of telehealth depends on the plan's telehealth terms and any %(state)s telehealth law."),
    },
    ("delivery", "unknown"): {
        "plain": N_("We don't know yet if the service is in person or by phone or video. The policy does not say if a video visit counts."),
        "technical": N_("Delivery unknown: A015 is silent on telehealth and the coaching codes are face-to-face. Confirm in person or telehealth."),
    },
    ("code", "initial"): {
        "plain": N_("A first coaching visit is billed with a code the policy lists as eligible."),
        "technical": N_("Bill CPT 0591T (initial assessment), 1 unit. The policy lists it as eligible for coverage."),
    },
    ("code", "follow_up_met"): {
        "plain": N_("A follow-up coaching visit of at least 30 minutes is billed with a code the policy lists. Your visit is %(minutes)s minutes."),
        "technical": N_("Bill CPT 0592T (follow-up session, at least 30 minutes), 1 unit per session: %(minutes)s minutes meets the 30-minute minimum."),
    },
    ("code", "follow_up_short"): {
        "plain": N_("A follow-up coaching visit must last at least 30 minutes to be billed with the code the policy lists. Length of your visit, in minutes: %(minutes)s."),
        "technical": N_("0592T requires a follow-up session of at least 30 minutes; a session of %(minutes)s min does not meet it, and A015 lists no other follow-up coaching code."),
    },
    ("code", "follow_up_minutes_unknown"): {
        "plain": N_("A follow-up coaching visit must last at least 30 minutes. We don't know yet how long the visit is."),
        "technical": N_("Minutes unknown: 0592T requires a follow-up session of at least 30 minutes. Confirm the session length."),
    },
    ("code", "session_unknown"): {
        "plain": N_("We don't know yet if this is a first coaching visit or a follow-up. Each has its own code."),
        "technical": N_("Session unknown: 0591T is the initial assessment; 0592T is a follow-up of at least 30 minutes. Confirm which applies."),
    },
    ("code", "group_coaching"): {
        "plain": N_("The policy lists codes only for one-on-one coaching. Group coaching has its own code, which the policy does not list. Your plan will need to check."),
        "technical": N_("Needs review: the group coaching code 0593T is not listed in A015, whose coaching codes are for individuals. The policy notes the code list may not be all-inclusive."),
    },
    ("code", "peer_units"): {
        "plain": N_("Peer support is billed in 15-minute units. Minutes: %(minutes)s. Units: %(units)s."),
        "technical": N_("Bill HCPCS H0038 (per 15 minutes). Minutes: %(minutes)s; units: %(units)s."),
    },
    ("code", "peer_minutes_unknown"): {
        "plain": N_("Peer support is billed in 15-minute units, with a code the policy lists as eligible."),
        "technical": N_("Bill HCPCS H0038, 1 unit per 15 minutes; the number of units depends on the session length."),
    },
    ("code", "peer_part_unit"): {
        "plain": N_("Peer support is billed in 15-minute units. Minutes: %(minutes)s. Full units: %(units)s. Minutes left over: %(remainder)s. The policy does not say how to count extra minutes, so your plan's rules decide."),
        "technical": N_("Bill HCPCS H0038 (per 15 minutes). Minutes: %(minutes)s; whole units: %(units)s; minutes left over: %(remainder)s. A015 gives no rounding rule for part-units: the plan's billing rules decide whether they count."),
    },
    ("code", "peer_under_one_unit"): {
        "plain": N_("Peer support is billed in 15-minute units. Minutes: %(minutes)s. That is less than one full unit, and the policy does not say how to count it. Your plan will need to check."),
        "technical": N_("Needs review: H0038 is per 15 minutes and a session of %(minutes)s min is less than one unit; A015 gives no rounding rule for part-units."),
    },
    ("date_of_service", "in_effect"): {
        "plain": N_("The policy is in effect on the date of service."),
        "technical": N_("Date of service %(date)s is on or after the policy's effective date, %(effective)s."),
    },
    ("date_of_service", "before_effective"): {
        "plain": N_("The date of service is before this policy started on %(effective)s. An older policy applies, so your plan will need to check."),
        "technical": N_("Needs review: date of service %(date)s is before A015's effective date, %(effective)s. A prior version of the policy governs that date."),
    },
}

# names put into the texts above, translated with them
DIAGNOSIS_NAMES = {"mental_health": N_("mental health"), "substance_use": N_("substance use"),
                   "both": N_("mental health and substance use")}
# a state's name is in the catalogue where Spanish writes it otherwise (app/wizard/spanish.py): "Nueva York"
TRANSLATED_PARAMS = {"diagnosis", "state"}
DATE_PARAMS = {"date", "effective", "review"}  # ISO dates, written out in the reader's language

WARNINGS = {
    "next_review_passed": {
        "plain": N_("This policy was due for review on %(review)s. A newer version may apply on your date of service."),
        "technical": N_("The policy's next review date, %(review)s, has passed on the date of service %(date)s. A newer version of A015 may apply; this determination uses the 4/15/2023 version."),
    },
    "codes_not_effective": {
        "plain": N_("A billing code must be in use on the date of service to be paid."),
        "technical": N_("Codes deleted or not in effect on the date of service may not be eligible for reimbursement."),
    },
    "category_iii_codes": {
        "plain": N_("Coaching codes are temporary codes. Your provider should check they are still in use on the date of service."),
        "technical": N_("%(codes)s: CPT Category III codes are temporary. Confirm they are current on the date of service."),
    },
}

DISCLAIMER = {
    "plain": N_("This is not a final answer. Your benefit plan document always decides."),
    "technical": N_("This is an estimate under administrative policy A015, not a coverage determination. The member's benefit plan document always supersedes the policy."),
}

OUTCOMES = {
    "likely_covered": {
        "plain": N_("Likely covered"),
        "technical": N_("Likely covered"),
    },
    "likely_not_covered": {
        "plain": N_("Likely not covered"),
        "technical": N_("Likely not covered"),
    },
    "needs_review": {
        "plain": N_("Needs review"),
        "technical": N_("Needs review"),
    },
}

# how a change is put in words: "Diagnosis: a mental health condition, a substance use condition or both"
CHANGE = N_("%(answer)s: %(values)s")
ALTERNATIVES = N_("%(choices)s or %(last)s")
MINUTES_VALUE = N_("%(minutes)s minutes")
DATE_VALUE = N_("on or after %(date)s")
CHANGE_FIELDS = {
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
                   "licensed": N_("a state-licensed health professional"),
                   "certified_peer": N_("a state-certified peer specialist"),
                   "other_certification": N_("another certificate"), "none": N_("no license or certificate"),
                   "unknown": N_("not sure")},
    "setting": {"outpatient": N_("outpatient"), "inpatient": N_("inpatient"), "residential": N_("residential"),
                "unknown": N_("not sure")},
    "session": {"initial": N_("first visit (initial assessment)"), "follow_up": N_("follow-up visit")},
    "group": {True: N_("group"), False: N_("individual")},
    "delivery": {"in_person": N_("in person"), "telehealth": N_("telehealth (video or phone)"),
                 "unknown": N_("not sure")},
    "service": {"coaching": N_("behavioral health coaching"), "peer_support": N_("peer support")},
}
