"""What a finished check's result offers besides the page: its case note, its PDF, and trying another answer."""
from __future__ import annotations

import datetime as dt

from flask import g, redirect, render_template, request, url_for

from . import bp, casenote, checklist, compare, pdf, present, saving, state
from .routes import CHECK_PATH, completed_check_required, result_page


def _today() -> str:
    return dt.date.today().isoformat()


@bp.get(f"{CHECK_PATH}/case-note.txt")
@completed_check_required
def case_note(check: state.Check):
    """This check's case note as a .txt file."""
    determination, reference = saving.determination_for(check)
    text = casenote.case_note(determination, check.answers, reference, _today(), check.audience)
    return casenote.as_download(text, reference)


@bp.get(f"{CHECK_PATH}/result.pdf")
@pdf.pdf_limit
@completed_check_required
def result_pdf(check: state.Check):
    """This check's result as a PDF for the chart, its links printed as full addresses."""
    determination, reference = saving.determination_for(check)
    return pdf.render(lambda: result_page(determination, check.audience, check.answers, reference=reference,
                                          saved=reference is not None, check=check, for_pdf=True),
                      reference, ("check", check.id, check.audience))


@bp.route(f"{CHECK_PATH}/try-another", methods=["GET", "POST"])
@completed_check_required
def try_another(check: state.Check):
    """The result beside the same answers with one changed (GET evaluates, saves nothing); POST saves the new one."""
    given = request.form if request.method == "POST" else request.args
    changed, errors = compare.changed_answers(check.answers, given)
    if request.method == "POST" and not errors:
        if changed == check.answers:
            return redirect(url_for(".result"), 303)
        fresh = state.start(check.audience, changed)
        g.check_id = fresh.id
        return redirect(url_for(".result", check_id=fresh.id), 303)
    determination, reference = saving.determination_for(check)
    other = None if errors else saving.evaluate_only(changed, check.audience)
    names = compare.differences(check.answers, changed)
    return render_template(
        "wizard/try_another.html", audience=check.audience, d=determination, other=other, errors=errors,
        reference=reference, answers=check.answers, changed=changed, offered=compare.offered(check.answers),
        changed_rows=[row for row in present.summary_rows(changed, check.audience, change_links=False)
                      if row["name"] in names],
        before_rows=[row for row in present.summary_rows(check.answers, check.audience, change_links=False)
                     if row["name"] in names],
        choices=compare.choices(check.answers, check.audience), register=present.register(check.audience),
    ), 422 if errors else 200


def _case_note_for(d, answers: dict, reference: str | None, audience: str) -> str:
    return casenote.case_note(d, answers, reference, _today(), audience)


bp.add_app_template_global(_case_note_for, "case_note_for")
bp.add_app_template_global(checklist.items, "checklist_items")
bp.add_app_template_global(compare.offered, "try_offered")
bp.add_app_template_global(compare.choices, "try_choices")
bp.add_app_template_global(compare.label, "question_label")
