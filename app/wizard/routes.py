"""Start pages, question pages, check your answers and the result."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale

from ..coverage.engine import Determination
from ..storage import BadReference, find
from . import bp, flow, forms, present, saving, state

AUDIENCE_PATH = "<any(member, provider, agent):audience>"


bp.app_context_processor(present.template_globals)
bp.add_app_template_filter(present.iso_date, "isodate")


@bp.after_request
def no_store(response):
    # answers show on these pages: a shared computer's back button or cache must not keep them
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _question_url(name: str, change: bool = False) -> str:
    return url_for(".question", slug=flow.SLUGS[name], change=1 if change else None)


def _resume_url(answers: dict, change: bool = False) -> str:
    """The first question still to answer, or check your answers when there is none."""
    missing = flow.first_unanswered(answers)
    return _question_url(missing, change) if missing else url_for(".check_answers")


def _after_answer_url(name: str, answers: dict, change: bool) -> str:
    if change:
        # back to the summary, unless the change opened new questions: those first
        return _resume_url(answers, change=True)
    following = flow.next_question(name, answers)
    return _question_url(following) if following else url_for(".check_answers")


def _back_url(name: str, check: state.Check, change: bool) -> str:
    before = flow.previous_question(name, check.answers)
    if change and flow.is_complete(check.answers):
        return url_for(".check_answers")
    if before:
        return _question_url(before, change)
    return url_for(".start", audience=check.audience)


@bp.get("/")
def index():
    """The start page: what the service does and the three ways in."""
    return render_template("wizard/index.html")


@bp.route(f"/{AUDIENCE_PATH}", methods=["GET", "POST"])
def start(audience: str):
    """An audience's start page; its Start button begins a fresh check for that audience."""
    if request.method == "POST":
        state.start(audience)
        return redirect(_question_url(flow.QUESTIONS[0]))
    check = state.load()
    in_progress = check is not None and check.audience == audience and bool(check.answers)
    return render_template("wizard/start.html", audience=audience, in_progress=in_progress,
                           resume_url=_resume_url(check.answers) if in_progress else None)


@bp.route("/check/<slug>", methods=["GET", "POST"])
def question(slug: str):
    """One question: shown pre-filled from the session; a valid answer is stored, then the next page."""
    name = flow.BY_SLUG.get(slug) or abort(404)
    check = state.load()
    if check is None:
        return redirect(url_for(".index", ended=1))
    change = request.args.get("change") == "1"
    if not flow.can_open(name, check.answers):
        return redirect(_resume_url(check.answers, change))
    service = check.service()
    form = forms.build(name, service, check.answers.get(name))
    if form.validate_on_submit():
        check.answers = flow.record(check.answers, name, form.answer())
        state.save(check)
        return redirect(_after_answer_url(name, check.answers, change))
    errors = form.error_list() if request.method == "POST" else []
    # bad input gets a 4xx: 422, the page with the answer's error, and nothing stored
    return render_template("wizard/question.html", form=form, errors=errors, audience=check.audience,
                           back_url=_back_url(name, check, change), change=change, slug=slug,
                           **present.question_page(name, check.audience, service)), 422 if errors else 200


def _completed_check():
    """The check in the session when every question is answered; else where to send the person."""
    check = state.load()
    if check is None:
        return None, redirect(url_for(".index", ended=1))
    if not flow.is_complete(check.answers):
        return None, redirect(_resume_url(check.answers))
    return check, None


@bp.route("/check/answers", methods=["GET", "POST"])
def check_answers():
    """Check your answers: every answer with a link to change it; continuing shows the result."""
    check, elsewhere = _completed_check()
    if elsewhere:
        return elsewhere
    if request.method == "POST":
        return redirect(url_for(".result"))
    last = flow.questions_for(check.answers)[-1]
    return render_template("wizard/check_answers.html", audience=check.audience,
                           rows=present.summary_rows(check.answers, check.audience),
                           back_url=_question_url(last))


@bp.get("/check/result")
def result():
    """The determination for the answers in the session, put in words for the audience, with its reference."""
    check, elsewhere = _completed_check()
    if elsewhere:
        return elsewhere
    determination, reference = saving.determination_for(check)
    return _result_page(determination, check.audience, check.answers, reference=reference, saved=reference is not None)


def _result_page(determination, audience: str, answers: dict, **page):
    # the version the determination was made under, so its quotes link to that version's page
    library = current_app.extensions["policies"]
    policy = library.version(determination.policy.get("effective_date", "")) or current_app.extensions["policy"]
    return render_template("wizard/result.html", audience=audience, d=determination,
                           policy=policy, register=present.register(audience),
                           reasons=present.ordered_reasons(determination),
                           rows=present.summary_rows(answers, audience, change_links=False), **page)


@bp.get("/lookup")
def lookup():
    """Find a saved result by its reference number and show it exactly as it was shown."""
    form = forms.LookupForm(request.args, meta={"csrf": False})
    if "reference" not in request.args:
        return render_template("wizard/lookup.html", form=form, errors=[])
    if not form.validate():
        return render_template("wizard/lookup.html", form=form, errors=form.error_list()), 422
    try:
        saved = find(form.reference.data)
    except BadReference:
        form.reference.errors = [str(forms.CHECK_THE_REFERENCE)]
        return render_template("wizard/lookup.html", form=form, errors=form.error_list()), 422
    if saved is None:
        form.reference.errors = [str(forms.NO_SUCH_REFERENCE)]
        return render_template("wizard/lookup.html", form=form, errors=form.error_list()), 404
    record = saved.to_dict()
    determination = Determination.from_dict(saved.shown)
    # in the language it was shown in, so the page around the saved words matches them
    with force_locale(saved.language):
        return _result_page(determination, saved.audience, flow.from_engine(saved.answers),
                            reference=record["reference"], saved=True, looked_up=record)
