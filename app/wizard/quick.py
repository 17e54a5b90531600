"""The agent's one-page check: every question on one page, the wizard's forms and flow, the result as the script.

Questions that apply to one service only say so in their legend, so the page works without
JavaScript; with it, static/js/app.js hides them until they apply. The server decides from the
answers alone which questions count, exactly as the wizard's flow does.
"""
from __future__ import annotations

from flask import g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from . import bp, flow, forms, present, state
from .routes import deciding_version, going_next

REFUSED = "refused_quick"
# when a question is asked, in the legend; the same rules as flow.applies, in words
ONLY_WHEN = {
    "group": ("coaching", _l("(coaching only)")),
    "session": ("coaching-session", _l("(coaching, unless in a group)")),
    "minutes": ("minutes", _l("(peer support, or coaching other than a first visit)")),
}
# before a service is chosen, the questions whose wording depends on it are asked of either
EITHER_SERVICE = {
    "credential": _l("What license or certificate does the caller's coach or peer support worker have?"),
    "minutes": _l("How long is the caller's visit?"),
}
EITHER_SERVICE_ASK = _l("Do you know what license or certificate your coach or peer support worker has?")


def _judge(data: MultiDict) -> tuple[dict, list, dict]:
    """Every question that applies, in the wizard's order: (the answers, the errors, each question's form)."""
    answers, errors, built = {}, [], {}
    for name in flow.QUESTIONS:
        service = answers.get("service")
        if not flow.applies(name, answers):
            built[name] = forms.build(name, service, formdata=data)
            continue
        form = forms.build(name, service, formdata=data)
        built[name] = form
        if form.validate():
            answers = flow.with_answer(answers, name, form.answer())
        else:
            errors += form.error_list()
    return answers, errors, built


@bp.route("/agent/quick", methods=["GET", "POST"])
def quick():
    """Every question on one page for an agent on a call; a complete set of answers goes to the script (303)."""
    if request.method == "POST":
        answers, errors, _built = _judge(request.form)
        if not errors and flow.is_complete(answers):
            check = state.start("agent", answers)
            g.check_id = check.id
            return redirect(url_for(".result", check_id=check.id), 303)
        session[REFUSED] = forms.posted_fields(limit=30)
        return redirect(url_for(".quick"), 303)
    refused = session.pop(REFUSED, None)
    if isinstance(refused, list):
        answers, errors, built = _judge(MultiDict(refused))
    else:
        answers, errors, built = {}, [], {name: forms.build(name, None) for name in flow.QUESTIONS}
    service = built["service"].service.data if built["service"].service.data in ("coaching", "peer_support") else None
    version = deciding_version(answers)  # the hints' numbers: today's version until a date is given
    pages = {name: present.question_page(name, "agent", service, version) for name in flow.QUESTIONS}
    if service is None:
        for name, title in EITHER_SERVICE.items():
            pages[name]["title"] = title
        pages["credential"]["ask"] = EITHER_SERVICE_ASK
    return render_template("wizard/quick.html", audience="agent", errors=errors, built=built, pages=pages,
                           questions=flow.QUESTIONS, only_when=ONLY_WHEN, going=going_next())
