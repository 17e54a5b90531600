"""The engine's determination as the last items of an adaptive QuestionnaireResponse, and as CRD's
coverage-information extension on its root (DTR: "Determinations from Adaptive Forms").

Every word here is the engine's, as it gave them (the outcome, each reason with the policy's words it
quotes, the codes and their units, what would change it, the warnings and notes, the disclaimer); this
module only lays them out as read-only items. Nothing here decides anything. No Flask here.
"""
from __future__ import annotations

import datetime as dt

from ..crd.code_systems import by_name
from ..coverage.engine import OUTCOME_ORDER
from ..coverage.policy import Citation, Policy
from ..coverage.vocabulary import ELIGIBILITY, OUTCOMES
from ..crd import respond
from ..i18n import N_
from .questionnaire import SUPPORT_LINK, Site, quote_line, rendered, with_quotes
from .responses import AUTO, OURS

HEADING = N_("Under %(id)s, %(title)s (effective %(effective)s)")
OUTCOME = N_("Outcome")
REFERENCE = N_("Reference number")
# each code line as the wizard's codes table says it, in its words: whether the policy lists the code, whether
# its own conditions are met on these answers (the API's `eligible`: true, false, or not known, never false
# for not known), and its units
IN_THE_POLICY = N_("In the policy")
LISTED = {True: ("listed", N_("Listed as eligible")), False: ("not_listed", N_("Not listed"))}
ELIGIBLE_ON_THESE = N_("Eligible on these answers")
ELIGIBLE = {value: (code, ELIGIBILITY["technical"][value])
            for value, code in ((True, "eligible"), (False, "not_eligible"), (None, "not_known"))}
UNITS = N_("Units")
WOULD_CHANGE = respond.WOULD_CHANGE
OTHER_VERSION = N_("These answers were given on the questionnaire for the version of %(id)s effective "
                   "%(asked)s; the version in effect on the date of service, effective %(deciding)s, decided.")
STATUSES = {status: (status, words) for status, words in respond.STATUS.items()}  # a criterion's, as cards say it
# the criteria an office can still settle, as CRD's info-needed names them: who gives it, where and how
INFO_NEEDED = {"credential": "performer", "setting": "location", "delivery": "location"}


def _system(site: Site) -> str:
    return f"{site.base}/CodeSystem/a015-determination"


def _coding(site: Site, code: str, display: str) -> dict:
    return {"system": _system(site), "code": code, "display": display}


def _cited(citations) -> list[Citation]:
    return [Citation(c["section"], c["anchor"], c["quote"]) for c in citations]


def _display(site: Site, link_id: str, text: str, citations=()) -> dict:
    """A display item: the engine's text, then each quote with its link (display items hold no items)."""
    cited = _cited(citations)
    item = {"linkId": link_id, "type": "display", "text": text}
    if cited:
        item["text"], xhtml = with_quotes(site, [text], cited)
        item["_text"] = rendered(xhtml)
        item["extension"] = [{"url": SUPPORT_LINK, "valueUri": f"{site.policy_url}#{c.anchor}"} for c in cited]
    return item


def _choice(site: Site, link_id: str, text: str, codes: dict, value) -> tuple[dict, dict]:
    """A read-only choice among `codes` ({value: (code, words)}) and its answer, `value`'s coding."""
    options = {key: _coding(site, code, site.gettext(words)) for key, (code, words) in codes.items()}
    return ({"linkId": link_id, "type": "choice", "readOnly": True, "text": text,
             "answerOption": [{"valueCoding": c} for c in options.values()]}, {"valueCoding": options[value]})


def _code_line(site: Site, line: dict) -> tuple[dict, dict]:
    """One code line as a read-only group: the code, whether A015 lists it, its eligibility, its units."""
    say, link_id = site.gettext, f"{OURS}.code.{line['code']}"
    # a code the policy does not print says where its words come from, as the engine gives it
    described = "; ".join(filter(None, (line["descriptor"], line.get("descriptor_source"))))
    text = f"{line['system']} {line['code']} ({described})"
    parts = [_choice(site, f"{link_id}.listed", say(IN_THE_POLICY), LISTED, line["listed"]),
             _choice(site, f"{link_id}.eligible", say(ELIGIBLE_ON_THESE), ELIGIBLE, line["eligible"]),
             ({"linkId": f"{link_id}.units", "type": "integer", "readOnly": True, "text": say(UNITS)},
              None if line["units"] is None else {"valueInteger": line["units"]})]
    question = {"linkId": link_id, "type": "group", "readOnly": True, "text": text,
                "code": [billing_coding(line)], "item": [item for item, _answer in parts]}
    answered = {"linkId": link_id, "text": text, "item": [_answered(item, answer) for item, answer in parts]}
    return question, answered


def _answered(item: dict, answer: dict | None) -> dict:
    """The response's item for a read-only question: its answer, filled in here, when there is one."""
    given = {"linkId": item["linkId"], "text": item["text"]}
    return given | ({"answer": [{**answer, "extension": AUTO}]} if answer is not None else {})


def _quoted(site: Site, link_id: str, citation: Citation) -> dict:
    """One quote of a reason, as a display item beneath it, linked to its sentence."""
    plain, xhtml = quote_line(site, citation)
    return {"linkId": link_id, "type": "display", "text": plain, "_text": rendered(xhtml),
            "extension": [{"url": SUPPORT_LINK, "valueUri": f"{site.policy_url}#{citation.anchor}"}]}


def items(site: Site, shown: dict, reference: str | None, note: str | None, asked: Policy | None,
          deciding: Policy) -> tuple[dict, dict]:
    """The determination as the contained Questionnaire's last (read-only) group and the response's answers."""
    say = site.gettext
    policy = shown["policy"]
    heading = say(HEADING) % {"id": policy["id"], "title": policy["title"], "effective": policy["effective_date"]}
    question = {"linkId": OURS, "type": "group", "readOnly": True, "text": heading, "item": []}
    answered = {"linkId": OURS, "text": heading, "item": []}

    def add(item: dict, answer: dict | None = None, given: dict | None = None):
        question["item"].append(item)
        if item["type"] != "display":
            answered["item"].append(given or _answered(item, answer))

    if asked is not None and asked.effective_date != deciding.effective_date:
        add(_display(site, f"{OURS}.version", say(OTHER_VERSION) % {
            "id": deciding.id, "asked": asked.effective_date.isoformat(),
            "deciding": deciding.effective_date.isoformat()}))
    outcomes = [_coding(site, o, say(OUTCOMES[o])) for o in OUTCOME_ORDER]
    add({"linkId": f"{OURS}.outcome", "type": "choice", "readOnly": True, "text": say(OUTCOME),
         "answerOption": [{"valueCoding": c} for c in outcomes]},
        {"valueCoding": _coding(site, shown["outcome"], shown["outcome_label"])})
    if reference:
        add({"linkId": f"{OURS}.reference", "type": "string", "readOnly": True, "text": say(REFERENCE)},
            {"valueString": reference})
    elif note:
        add(_display(site, f"{OURS}.reference", note))
    for reason in shown["reasons"]:
        link_id = f"{OURS}.{reason['id']}"
        quotes = [_quoted(site, f"{link_id}.{n}", c) for n, c in enumerate(_cited(reason["citations"]), 1)]
        item, answer = _choice(site, link_id, reason["text"], STATUSES, reason["status"])
        add({**item, "item": quotes}, answer)
    for line in shown["codes"]:
        line_question, line_answered = _code_line(site, line)
        add(line_question, given=line_answered)
    for n, way in enumerate(shown["what_would_change"], 1):
        add(_display(site, f"{OURS}.change.{n}", f"{say(WOULD_CHANGE)} {way['text']}"))
    for said in shown["warnings"] + shown["notes"]:
        add(_display(site, f"{OURS}.{said['id']}", said["text"], said["citations"]))
    disclaimer = shown["disclaimer"]
    add(_display(site, f"{OURS}.disclaimer", disclaimer["text"], [disclaimer["citation"]]))
    return question, answered


def billing_coding(line: dict) -> dict:
    """A code line as a Coding, in its system's canonical URI (app/crd/code_systems.py)."""
    return {"system": by_name(line["system"]).canonical.uri, "code": line["code"], "display": line["descriptor"]}


def billing(shown: dict) -> dict | None:
    """The code the claim is to use, when exactly one fits: CRD's billingCode names what must be billed."""
    if len(shown["codes"]) != 1:
        return None
    (line,) = shown["codes"]
    return billing_coding(line)


def info_needed(shown: dict) -> list[str]:
    """What an office could still find out, as CRD names it; an answer of another kind left open is OTH."""
    open_ones = [r["id"] for r in shown["reasons"] if r["status"] == "unknown" and r.get("open_because") == "not_known"]
    return list(dict.fromkeys(INFO_NEEDED.get(name, "OTH") for name in open_ones))


def doc_needed(shown: dict) -> list[str]:
    """CRD's doc-needed where DTR's questions can settle what is open: an answer not known (a diagnosis is the
    clinician's to give, the rest an office's). Where the policy is silent, more answers would not change it."""
    if shown["outcome"] != "needs_review":
        return []
    open_ones = {r["id"] for r in shown["reasons"] if r["status"] == "unknown" and r.get("open_because") == "not_known"}
    return (["clinical"] if "diagnosis" in open_ones else []) + (["admin"] if open_ones - {"diagnosis"} else [])


def coverage_information(shown: dict, coverage_id: str, reference: str, pa_needed: str, today: dt.date,
                         gettext) -> dict:
    return respond.coverage_information(
        outcome=shown["outcome"], coverage={"id": coverage_id}, billing=billing(shown), reference=reference,
        info_needed=info_needed(shown), pa_needed=pa_needed, today=today,
        reason=respond.reason(shown, pa_needed, gettext))
