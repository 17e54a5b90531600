"""A case note: a result as plain text, one line per fact, to paste into a call-center's or an office's records.

It is made from the determination as shown (or as saved) and the answers; nothing in it decides anything.
"""
from __future__ import annotations

from flask import Response
from flask_babel import gettext, lazy_gettext as _l

from . import present

STATUS_WORDS = {"met": _l("Met"), "not_met": _l("Not met"), "unknown": _l("Unknown")}


def case_note(d, answers: dict, reference: str | None, made_on: str) -> str:
    """The note's text: outcome, reference, answers, reasons (one line each), codes, policy version, date."""
    policy = d.policy
    lines = [
        gettext("Coverage Check: %(outcome)s", outcome=d.outcome_label),
        gettext("Reference: %(reference)s", reference=reference or gettext("none (not saved)")),
        gettext("Date: %(date)s", date=made_on),
        gettext("Policy: %(id)s, effective %(effective)s", id=policy["id"], effective=policy["effective_date"]),
        "",
        gettext("Answers:"),
    ]
    # the answers in the office's terms whoever reads the page: a record is read later, by anyone
    # ("Setting: Inpatient", not "Where: During a hospital stay")
    lines += [f"- {row['label']}: {row['value']}" for row in present.summary_rows(answers, "provider", change_links=False)]
    lines += ["", gettext("Reasons:")]
    lines += [f"- [{STATUS_WORDS[reason.status]}] {_one_line(reason.text)}" for reason in present.ordered_reasons(d)]
    if d.codes:
        lines += ["", gettext("Codes:")]
        lines += [f"- {line.system} {line.code}: {present.units_text(line)}" for line in d.codes]
    lines += ["", _one_line(d.disclaimer["text"])]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def as_download(text: str, reference: str | None) -> Response:
    """The note as a .txt file to save."""
    name = f"coverage-check-{reference or 'result'}.txt"
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": f'attachment; filename="{name}"'})
