"""The credential criterion: "when provided by a Licensed/Certified coach acting within the scope of license or
certification under the applicable state law", the same words for both services.

A state license, and a certificate issued for this service (NBC-HWC, CHES/MCHES or an accredited program's
certificate for coaching; a peer specialist certificate for peer support), meet it on the answers given, with
scope under the state's law said as the thing to confirm. A certificate issued for the other service is a
certification, but whether its scope under the state's law reaches this service is exactly what the answers do
not tell: not known. The General Background describes who is certified for what; it adds no condition of its
own. Its cases are in tests/cases/credential.yaml.
"""
from __future__ import annotations

from ..answers import STATES, Answers
from ..policy import Policy
from ..texts import COVERAGE, N_, PLAN_TERMS, Text
from ..vocabulary import VALUES
from .rule import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN, Finding, rules_of

rule = rules_of("credential", fields=("credential",))
# every credential finding quotes the statement's words and the state regulations the plan terms name
BASE = ("credential", "state_regulations")
COACH_CERTIFICATES = ("nbhwc", "nchec", "coaching_program")

LICENSED = rule("licensed", MET, cites=BASE, text=Text(
    N_("The provider has a state license. The policy covers care from a provider with a license or a certificate. It covers the care when the license allows it under the law in %(state)s."),
    N_("Credential criterion met on the answer given: A015 requires a Licensed/Certified coach acting within the scope of license or certification under the applicable state law, and a state-licensed professional is Licensed. Confirm that %(state)s law puts this service within the license's scope."),
    (COVERAGE, PLAN_TERMS)))
COACH_NAMED = rule("coach_named", MET, cites=BASE + ("coach_certification",), text=Text(
    N_("The coach is certified by a body the policy mentions: it quotes the AMA, which defines a coach as certified by the NBHWC or the NCHEC. The policy covers the care when it is within what the certificate allows. The law in %(state)s sets that."),
    N_("Credential criterion met on the answer given: %(credential)s is a certification, and the policy's background gives the AMA's definition of a coach as certified by the NBHWC or the NCHEC. Confirm that %(state)s law puts this service within the certification's scope."),
    (COVERAGE, "coaching-6")))
COACH_PROGRAM = rule("coach_program", MET, cites=BASE + ("coach_background",), text=Text(
    N_("The coach has a certificate from a coaching program. The policy says coaches may have one. The policy covers the care when it is within what the certificate allows. The law in %(state)s sets that."),
    N_("Credential criterion met on the answer given: a coaching certification issued by an accredited training program is a certification, as the policy's background describes coaches. Confirm that %(state)s law puts this service within the certification's scope."),
    (COVERAGE, "coaching-2")))
PEER_CERTIFIED = rule("peer_certified", MET, cites=BASE + ("peer_certification",), text=Text(
    N_("The peer support worker has a peer specialist certificate. The policy covers care from a provider with a certificate. It covers the care when the certificate allows it under the law in %(state)s."),
    N_("Credential criterion met on the answer given: a peer specialist certification is a certification, and the policy's background describes peer support workers as trained and certified. Confirm that %(state)s law puts this service within the certification's scope."),
    (COVERAGE, "peer-support-3")))
# a certificate issued for the other service: whether its scope under the state's law reaches this service is
# exactly what is in doubt, so it is not known; the background describes, it sets no condition
COACH_CERT_PEER_SUPPORT = rule("coach_cert_peer_support", UNKNOWN,
                               basis=NOT_KNOWN, cites=BASE + ("peer_background",), text=Text(
    N_("The provider has a coaching certificate. The policy covers care within what a license or a certificate allows. We don't know yet if the law in %(state)s lets this certificate cover peer support."),
    N_("Needs review: A015 covers the service when provided by a Licensed/Certified coach acting within the scope of license or certification under the applicable state law. A coaching certification is a certification, but whether its scope under %(state)s law reaches peer support is not known from the answers. The policy's background describes peer support workers as current or past recipients of behavioral health services who are trained and certified; that describes, it adds no condition. Confirm that %(state)s law puts peer support within the certification's scope."),
    (COVERAGE, "peer-support-2", "peer-support-3")))
PEER_CERT_COACHING = rule("peer_cert_coaching", UNKNOWN,
                          basis=NOT_KNOWN, cites=BASE + ("coach_certification", "coach_background"), text=Text(
    N_("The provider has a peer specialist certificate. The policy covers care within what a license or a certificate allows. We don't know yet if the law in %(state)s lets this certificate cover coaching."),
    N_("Needs review: A015 covers the service when provided by a Licensed/Certified coach acting within the scope of license or certification under the applicable state law. A peer specialist certification is a certification, but whether its scope under %(state)s law reaches coaching is not known from the answers. The policy's background says coaches have an advanced degree and/or a coaching certification issued by an accredited training program, and that the AMA defines a coach as certified by the NBHWC or the NCHEC; that describes, it adds no condition. Confirm that %(state)s law puts coaching within the certification's scope."),
    (COVERAGE, "coaching-6", "coaching-2")))
# a certification, but of what is not known: whether it reaches this service is the state's law
OTHER_CERTIFICATION = rule("other_certification", UNKNOWN, basis=POLICY_SILENT, cites=BASE, text=Text(
    N_("The provider has a certificate that the policy does not name. The law in %(state)s sets what it allows. Your plan will need to check it."),
    N_("Needs review: A015 requires a Licensed/Certified coach acting within scope under %(state)s law. The certification given is not one the policy's background names (NBHWC, NCHEC, an accredited coaching program, a peer certification); confirm what it certifies and that %(state)s law puts this service within its scope."),
    (COVERAGE, PLAN_TERMS)))
DEGREE = rule("degree", NOT_MET, cites=BASE + ("coach_background",), text=Text(
    N_("The provider has a degree but no license or certificate. The policy says coaches may have a degree. But it covers services from a provider with a license or a certificate."),
    N_("Credential criterion not met: A015's coverage statement requires a Licensed/Certified coach. Its background says coaches have an advanced degree in a psychology related field and/or a coaching certification; that describes, and a degree alone is neither a license nor a certification."),
    (COVERAGE, "coaching-2")))
NO_CREDENTIAL = rule("none", NOT_MET, cites=BASE, text=Text(
    N_("The policy covers care from a provider with a license or a certificate. You said the provider has neither."),
    N_("Credential criterion not met: A015 covers these services when provided by a Licensed/Certified coach, and the provider has no license or certification."),
    (COVERAGE,)))
CREDENTIAL_UNKNOWN = rule("unknown", UNKNOWN, basis=NOT_KNOWN, cites=BASE, text=Text(
    N_("The policy covers care from a provider with a license or a certificate. We don't know yet which one the provider has."),
    N_("Credential not known: A015 requires a Licensed/Certified coach acting within the scope of the license or certification under %(state)s law. Confirm the rendering provider's license or certification and its scope."),
    (COVERAGE, PLAN_TERMS)))


def judge(a: Answers, p: Policy) -> Finding:
    # the credential as an office names it within a sentence ("NBC-HWC is a certification"), where it has such words
    term = VALUES["credential"].get(a.credential)
    params = (("state", STATES[a.state]), ("credential", term.said[1] if term and term.said else a.credential))
    return _rule(a).found(p, params)


def _rule(a: Answers):
    coaching, c = a.service == "coaching", a.credential
    if c == "licensed":
        return LICENSED
    if c in COACH_CERTIFICATES:
        if not coaching:
            return COACH_CERT_PEER_SUPPORT
        return COACH_PROGRAM if c == "coaching_program" else COACH_NAMED
    if c == "certified_peer":
        return PEER_CERT_COACHING if coaching else PEER_CERTIFIED
    return {"other_certification": OTHER_CERTIFICATION, "degree": DEGREE, "none": NO_CREDENTIAL}.get(
        c, CREDENTIAL_UNKNOWN)
