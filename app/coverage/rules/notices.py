"""What a determination says beside its reasons, each defined once with its words and what it quotes: the
warnings that depend on the answers, the notes from the Purpose every reader should know, the policy's age,
and the disclaimer. Each is a Rule with no status; its key is the id the API gives it.
"""
from __future__ import annotations

from ..texts import N_, PLAN_TERMS, Text
from .rule import CodeWords, Rule

# --- warnings: said when the answers call for them ---------------------------------------------------------------
# the policy's age, said where the answer is given: the headline, the agent's script, the printout, the API
NEXT_REVIEW_PASSED = Rule("next_review_passed", None, cites=("effective_date", "next_review_date"), text=Text(
    N_("This answer uses the %(effective)s version of policy A015. That version was due for review on %(review)s, so a newer version may apply to your visit."),
    N_("Determined under the %(effective)s version of A015, which was due for review on %(review)s; a later version may govern a date of service of %(date)s."),
    ("effective-date", "next-review-date")))
# quoting H0038's whole row, whose descriptor sets no face-to-face condition
TELEHEALTH_SILENT = Rule("telehealth_silent", None, cites=(CodeWords(), "plan_terms"), text=Text(
    N_("The policy does not mention phone or video visits. Your plan's rules for them apply."),
    N_("A015 is silent on telehealth: the plan's telehealth terms and any state telehealth law apply."),
    ("code-H0038", PLAN_TERMS)))
CODES_NOT_EFFECTIVE = Rule("codes_not_effective", None, cites=("codes_not_effective",), text=Text(
    N_("A code that is deleted, or not in effect on the date of the visit, may not be paid."),
    N_("Codes deleted or not in effect on the date of service may not be eligible for reimbursement."),
    ("coding-note-2",)))
CATEGORY_III_CODES = Rule("category_iii_codes", None, cites=("category_iii", "codes_not_effective"), text=Text(
    N_("The policy links to the Category III list of billing codes (CPT®). Your provider can check that its coaching codes are in use on the date of the visit."),
    N_("%(codes)s: A015's Related Coverage Resources link to the Category III Current Procedural Terminology (CPT®) codes. Confirm that each code is in effect on the date of service."),
    ("related-coverage-resources-1", "coding-note-2")))
CODES_NOT_ALL_INCLUSIVE = Rule("codes_not_all_inclusive", None, cites=("codes_not_all_inclusive",), text=Text(
    N_("The policy says its list of codes may not be complete."),
    N_("A015 notes that its list of codes may not be all-inclusive."),
    ("coding-note-1",)))
WARNINGS = (NEXT_REVIEW_PASSED, TELEHEALTH_SILENT, CODES_NOT_EFFECTIVE, CATEGORY_III_CODES, CODES_NOT_ALL_INCLUSIVE)

# --- notes: what the Purpose says every reader should know, whatever the answers ---------------------------------
WHAT_DECIDES = Rule("what_decides", None, cites=("what_decides",), text=Text(
    N_("A final answer looks at your plan, the laws that apply, policies like this one and the facts of your care."),
    N_("A coverage determination considers the benefit plan document's terms, applicable laws and regulations, collateral materials including this administrative policy, and the specific facts."),
    ("purpose-3",)))
NOT_TREATMENT_ADVICE = Rule("not_treatment_advice", None, cites=("not_treatment_advice",), text=Text(
    N_("This policy is about coverage. It is not advice about which care is right for you."),
    N_("A015 is an administrative policy: not a treatment recommendation or guideline."),
    ("purpose-5",)))
NOTES = (WHAT_DECIDES, NOT_TREATMENT_ADVICE)

DISCLAIMER = Rule("disclaimer", None, cites=("plan_supersedes",), text=Text(
    N_("This is not a final answer. If your benefit plan document and this policy differ, your plan document is what counts."),
    N_("This is an estimate under administrative policy A015, not a coverage determination. In the event of a conflict, the member's benefit plan document supersedes the policy."),
    ("purpose-plan-supersedes",)))
