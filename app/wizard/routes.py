"""Start pages, question pages, check your answers and the result, each check under its own id."""
from __future__ import annotations

import datetime as dt
import functools

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict

from ..config import Config
from ..coverage.answers import AUDIENCES
from . import bp, flow, forms, pagecache, present, saving, spanish, state

AUDIENCE_PATH = f"<any({', '.join(AUDIENCES)}):audience>"
CHECK_PATH = "/check/<check_id>"
# a question's address names one of the questions: any other is not found before a check is opened
QUESTION_PATH = f"<any({', '.join(map(repr, flow.BY_SLUG))}):slug>"
REFUSED = "refused"  # the last refused answer, shown once on the question page it came from
NOT_ASKED = "not_asked"  # an answer posted to a question the check no longer asks: said once, where it goes


bp.app_context_processor(present.template_globals)
bp.app_context_processor(spanish.template_globals)
bp.add_app_template_filter(present.iso_date, "isodate")
bp.add_app_template_global(lambda: going_next(), "going_next")


@bp.after_request
def no_store(response):
    # answers show on these pages: a shared computer's back button or cache must not keep them
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.url_defaults
def _check_id(endpoint, values):
    # a page of a check links to the same check without every url_for naming it
    if "check_id" not in values and g.get("check_id") and current_app.url_map.is_endpoint_expecting(endpoint, "check_id"):
        values["check_id"] = g.check_id


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


def deciding_version(answers: dict):
    """The version a check's numbers are read from: in effect on its date of service once answered, else today."""
    try:
        date = dt.date.fromisoformat(answers.get("date_of_service") or "")
    except (TypeError, ValueError):
        date = dt.date.today()
    return current_app.extensions["policies"].deciding(date)


def _open(check_id: str):
    """The check with this id, or (None, where to send the person: it ended or timed out)."""
    try:
        check = state.load(check_id)
    except state.Expired as expired:
        return None, redirect(url_for(".start", audience=expired.audience, timed_out=1))
    if check is None:
        return None, redirect(url_for(".index", ended=1))
    state.touch(check)  # reading a page is using the check: the idle time starts again
    g.check_id = check.id
    return check, None


def check_required(view):
    """As flaskr's login_required, for a page of one check: the view is given the check its address names, and
    one that ended or timed out sends the person where they can start again."""
    @functools.wraps(view)
    def with_check(check_id: str, **values):
        check, elsewhere = _open(check_id)
        return elsewhere or view(check, **values)
    return with_check


def completed_check_required(view):
    """As check_required, for a page of a check with every question answered: one still with a question to
    answer sends the person to it."""
    @functools.wraps(view)
    @check_required
    def with_completed_check(check: state.Check, **values):
        if not flow.is_complete(check.answers):
            return redirect(_resume_url(check.answers))
        return view(check, **values)
    return with_completed_check


@bp.get("/")
def index():
    """The start page: what the service does and the three ways in."""
    return pagecache.render("wizard/index.html", ())


@bp.get(f"/<any({', '.join(Config.LANGUAGES)}):language>")
def in_language(language: str):
    """/es or /en: the start page in that language, a short address to say on the phone or print."""
    return redirect(url_for(".index", lang=language))


@bp.route(f"/{AUDIENCE_PATH}", methods=["GET", "POST"])
def start(audience: str):
    """An audience's start page; its Start button begins a fresh check for that audience."""
    if request.method == "POST":
        g.check_id = state.start(audience).id
        return redirect(_question_url(flow.QUESTIONS[0]))
    check = state.latest()
    in_progress = check is not None and check.audience == audience and bool(check.answers)
    if in_progress:
        g.check_id = check.id
    resume_url = _resume_url(check.answers) if in_progress else None
    going = going_next()
    return pagecache.render("wizard/start.html", (audience, in_progress, resume_url, repr(going)), audience=audience,
                            in_progress=in_progress, timed_out=request.args.get("timed_out") == "1",
                            resume_url=resume_url, going=going)


def going_next() -> dict | None:
    """The unfinished check that starting another would drop, in words, with the way back to it; or None."""
    going = state.next_to_go()
    if going is None:
        return None
    missing = flow.first_unanswered(going["answers"])
    url = (url_for(".question", check_id=going["id"], slug=flow.SLUGS[missing]) if missing
           else url_for(".check_answers", check_id=going["id"]))
    return {**present.check_described(going), "url": url}


@bp.get("/check/<slug>")
def old_address(slug: str):
    """An address from before checks had ids: the same page of this browser's latest check."""
    if slug not in flow.BY_SLUG and slug not in ("answers", "result"):
        abort(404)
    check = state.latest()
    if check is None:
        return redirect(url_for(".index", ended=1))
    if slug in ("answers", "result"):
        return redirect(url_for(f".{'check_answers' if slug == 'answers' else 'result'}", check_id=check.id))
    return redirect(url_for(".question", check_id=check.id, slug=slug, change=request.args.get("change")))


@bp.route(f"{CHECK_PATH}/{QUESTION_PATH}", methods=["GET", "POST"])
@check_required
def question(check: state.Check, slug: str):
    """One question: pre-filled from the check; a valid answer is stored, a refused one shown again (303)."""
    name = flow.BY_SLUG[slug]
    change = request.args.get("change") == "1"
    if not flow.can_open(name, check.answers):
        if request.method == "POST":
            # a page left open in another tab answered a question that answers changed since have taken
            # away, or that the check has not come to: nothing of it is kept, and the next page says so, once
            session[NOT_ASKED] = {"check": check.id, "why": "not_now" if flow.applies(name, check.answers) else "gone"}
        return redirect(_resume_url(check.answers, change))
    service = check.service()
    if request.method == "POST":
        form = forms.build(name, service)
        if form.validate_on_submit():
            answers = flow.with_answer(check.answers, name, form.answer(), getattr(form, "extra", dict)())
            check.finished = check.finished and answers == check.answers  # a changed answer is not saved yet
            check.answers = answers
            state.save(check)
            return redirect(_after_answer_url(name, check.answers, change))
        # Post/Redirect/Get: the refused input is held once, so Back and reload never post again
        session[REFUSED] = {"check": check.id, "name": name, "data": forms.posted_fields()}
        return redirect(request.full_path if request.query_string else request.path, 303)
    # the page shows the question, the answers so far (its pre-fill and its back link) and, for the date,
    # today's date as the default: kept by all of them, and built only when not kept
    key = (check.audience, tuple(sorted(check.answers.items())), dt.date.today().isoformat())
    not_asked = _not_asked(check)
    page = None if REFUSED in session or not_asked else pagecache.kept("wizard/question.html", key)
    if page is not None:
        return page
    form, errors = _refused_or_stored(check, name, service)
    context = dict(form=form, errors=errors, audience=check.audience, back_url=_back_url(name, check, change),
                   change=change, slug=slug, not_asked=not_asked,
                   **present.question_page(name, check.audience, service, deciding_version(check.answers)))
    if errors or not_asked:  # a refused answer, or the notice, is shown once: never kept
        return render_template("wizard/question.html", **context)
    return pagecache.render("wizard/question.html", key, **context)


def _not_asked(check: state.Check) -> str | None:
    """Why an answer just posted was not kept, said once: "gone" when this check no longer asks its question,
    "not_now" when the check has not come to it yet; None when no such answer was posted."""
    posted = session.pop(NOT_ASKED, None) if NOT_ASKED in session else None
    if isinstance(posted, dict) and posted.get("check") == check.id and posted.get("why") in ("gone", "not_now"):
        return posted["why"]
    return None


def _refused_or_stored(check: state.Check, name: str, service):
    """The form with the refused input and its errors, held from the POST just before; else the stored answer."""
    refused = session.pop(REFUSED, None)
    if isinstance(refused, dict) and refused.get("check") == check.id and refused.get("name") == name:
        form = forms.build(name, service, formdata=MultiDict(refused.get("data") or []))
        form.validate()
        return form, form.error_list()
    form = forms.build(name, service, check.answers.get(name))
    if name == "diagnosis":
        form.diagnosis_code.data = check.answers.get("diagnosis_code")
    return form, []


@bp.route(f"{CHECK_PATH}/answers", methods=["GET", "POST"])
@completed_check_required
def check_answers(check: state.Check):
    """Check your answers: every answer with a link to change it; continuing shows the result."""
    if request.method == "POST":
        return redirect(url_for(".result"), 303)
    last = flow.questions_for(check.answers)[-1]
    return render_template("wizard/check_answers.html", audience=check.audience,
                           rows=present.summary_rows(check.answers, check.audience),
                           back_url=_question_url(last), not_asked=_not_asked(check))


@bp.get(f"{CHECK_PATH}/result")
@completed_check_required
def result(check: state.Check):
    """The determination for this check's answers, put in words for the audience, with its reference."""
    determination, reference = saving.determination_for(check)
    if reference is not None and not check.finished:
        check.finished = True  # saved under its reference: when one must go, this one goes first
        state.save(check)
    return result_page(determination, check.audience, check.answers, reference=reference,
                       saved=reference is not None, check=check)


def result_page(determination, audience: str, answers: dict, template="wizard/result.html", **page):
    # the version the determination was made under, so its quotes link to that version's page
    library = current_app.extensions["policies"]
    policy = library.version(determination.policy.get("effective_date", "")) or current_app.extensions["policy"]
    page.setdefault("pdf_made_on", dt.date.today().isoformat())  # the day a PDF of it is made, on each page
    return render_template(template, audience=audience, d=determination,
                           policy=policy, register=present.register(audience),
                           reasons=present.ordered_reasons(determination), answers=answers,
                           rows=present.summary_rows(answers, audience, change_links=False), **page)


