"""The office's documentation checklist: what to keep on file for a visit, built from the policy and the codes.

Two kinds of item, always labelled: those that are the policy's own words (each quoted verbatim from
the data file, with its anchor), and ordinary good practice that the policy does not ask for.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..coverage.policy import FACE_TO_FACE


@dataclass(frozen=True)
class Item:
    text: object
    kind: str  # "policy" or "practice"
    anchor: str | None = None
    quote: str | None = None


def _policy_item(policy, key: str, text) -> Item:
    citation = policy.cite(key)[0]
    return Item(text, "policy", citation.anchor, citation.quote)


def items(determination, policy) -> list[Item]:
    """The checklist for this determination's codes under this policy (the version that judged it)."""
    found = [
        _policy_item(policy, "credential", _l("The rendering provider's license or certification, and that this "
                                               "service is within its scope under the state's law")),
        _policy_item(policy, "setting", _l("That the service is outpatient")),
        _policy_item(policy, "diagnosis", _l("The member's mental health or substance use disorder diagnosis")),
    ]
    codes = {code.code: code for code in policy.codes}
    # a visit by telehealth cannot bear out "face-to-face": the reasons say what that means for the code
    telehealth = getattr(determination.answers, "delivery", None) == "telehealth"
    for line in determination.codes:
        code = codes.get(line.code)
        if code is None or not code.listed:
            continue
        # the parts of its descriptor a record must bear out, in the descriptor's own words under the version
        # that judged, checked when the version was loaded (its condition, session, minimum and unit)
        for term, _words in code.words:
            if term == FACE_TO_FACE and telehealth:
                continue
            cited = policy.cite_code(code, term)
            found.append(Item(_l("For %(code)s, the descriptor's words:", code=f"{code.system} {code.code}"),
                              "policy", cited.anchor, cited.quote))
    found += [
        Item(_l("The start and end times of each session, so its length can be shown"), "practice"),
        Item(_l("The rendering provider's license or certificate number and the state that issued it"), "practice"),
        Item(_l("The date of service, and whether the visit was in person or by telehealth"), "practice"),
    ]
    return found
