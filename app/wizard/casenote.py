"""A case note: a result as plain text, one line per fact, to paste into a call-center's or an office's records.

It is read later, by someone who was not on the call: the reasons, what would change the answer and
the policy's age are said in the third person, in the policy's terms (the answers judged again in the
office's register, under the version the result was made under); the answers are in the words the
result page showed them in, the agent's script included; an answer not known is said as not known.
Nothing in it decides anything.
"""
from __future__ import annotations

from flask import Response
from flask_babel import gettext, lazy_gettext as _l

from ..coverage.vocabulary import STATUSES
from ..i18n import lazy
from . import flow, present, saving

STATUS_WORDS = lazy(STATUSES["technical"])
NOT_KNOWN = _l("Not known: not sure at the time of the check")


def case_note(d, answers: dict, reference: str | None, made_on: str, audience: str = "agent") -> str:
    """The note's text: outcome, reference, date, policy and its age, answers, reasons (one line each), what
    would change the answer, codes, the disclaimer."""
    policy = d.policy
    # the office's register is written in the third person; the same verdict, or the words as shown
    record = saving.judged_again(answers, "provider", policy)
    if record is None or record.outcome != d.outcome:
        record = d
    lines = [
        gettext("Coverage Check: %(outcome)s", outcome=d.outcome_label),
        gettext("Reference: %(reference)s", reference=reference or gettext("none (not saved)")),
        gettext("Date: %(date)s", date=present.iso_date(made_on)),
        gettext("Policy: %(id)s, effective %(effective)s", id=policy["id"],
                effective=present.iso_date(policy["effective_date"])),
    ]
    if record.policy_age:
        lines.append(gettext("Policy's age: %(age)s", age=_one_line(record.policy_age["text"])))
    lines += ["", gettext("Answers:")]
    # the answers in the words the result page shows them in: an agent's note says what the script said
    words = "provider" if audience == "provider" else "agent"
    for row in present.summary_rows(answers, words, change_links=False):
        value = NOT_KNOWN if answers.get(row["name"]) == flow.NOT_SURE and words == "provider" else row["value"]
        lines.append(f"- {row['label']}: {value}")
    lines += ["", gettext("Reasons:")]
    lines += [f"- [{STATUS_WORDS[reason.status]}] {_one_line(reason.text)}" for reason in present.ordered_reasons(record)]
    if d.outcome != "likely_covered":
        lines += ["", gettext("What would change the answer:")]
        lines += [f"- {_one_line(change.text)}" for change in record.what_would_change] or [
            "- " + gettext("Only a fact of the visit would change it; no choice would.")]
    if d.codes:
        lines += ["", gettext("Codes:")]
        lines += [f"- {line.system} {line.code}: {_units(line)}" for line in d.codes]
    lines += ["", _one_line(record.disclaimer["text"])]
    return "\n".join(lines) + "\n"


def _units(line) -> str:
    # "Not known yet" on a page beside the answers; in a record read later, what is not known
    return gettext("units not known: the length or kind of session is not known") if line.units is None \
        else present.units_text(line)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def as_download(text: str, reference: str | None) -> Response:
    """The note as a .txt file to save."""
    name = f"coverage-check-{reference or 'result'}.txt"
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": f'attachment; filename="{name}"'})
