"""Finding a saved result by its reference: posted, then shown on a page that holds the reference in the
session, so a reference never stands in an address, a history or a server log.

The saved determination is shown in the viewer's own layout (an agent's script, an office's codes
first, a member's page). In the language it was saved in, its words are shown exactly as saved; in
another, its saved answers are judged again under the version it was made under, in the viewer's
language, and the page says so and offers the words exactly as saved.
"""
from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from ..coverage.answers import AUDIENCES
from ..coverage.vocabulary import AUDIENCE_WORDS, LANGUAGE_WORDS
from ..coverage.engine import Determination
from ..extensions import limiter, lookup_limit
from ..i18n import lazy
from ..storage import BadReference, find
from . import bp, casenote, flow, forms, pdf, saving, state
from .routes import result_page

KEY = "lookup"
REFUSED = "refused_lookup"
PROBLEMS = {"missing": forms.ENTER_THE_REFERENCE, "unknown": forms.NO_SUCH_REFERENCE, **forms.REFERENCE_PROBLEMS}
SAVED_FOR = lazy(AUDIENCE_WORDS["said"])
LANGUAGE_NAMES = lazy(LANGUAGE_WORDS)


def _default_audience() -> str:
    """Whose layout to offer first: the audience of the page the person came from (its link says), else that of
    this browser's latest check, else a member's."""
    if request.args.get("layout") in AUDIENCES:
        return request.args["layout"]
    check = state.latest()
    return check.audience if check is not None else "member"


def _form_page(form, errors):
    return render_template("wizard/lookup.html", form=form, errors=errors, audiences=AUDIENCES,
                           example_reference=forms.EXAMPLE_REFERENCE)


@bp.get("/lookup")
def lookup():
    """The look-up form: a reference number, and whose layout to show it in; a refused one shown once."""
    refused = session.pop(REFUSED, None)
    if isinstance(refused, dict) and refused.get("problem") in PROBLEMS:
        form = forms.LookupForm(data={"reference": refused.get("reference", ""), "audience": refused.get("audience")})
        params = refused.get("params") if isinstance(refused.get("params"), dict) else {}
        try:
            message = str(PROBLEMS[refused["problem"]]) % params if params else str(PROBLEMS[refused["problem"]])
        except (KeyError, TypeError, ValueError):
            message = str(forms.ENTER_THE_REFERENCE)
        form.reference.errors = [message]
        return _form_page(form, form.error_list())
    # an old link may still carry ?reference=: it fills the box, and nothing is looked up until posted
    form = forms.LookupForm(data={"reference": request.args.get("reference", ""), "audience": _default_audience()})
    return _form_page(form, [])


@bp.post("/lookup")
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"])
@lookup_limit  # one count with the API's look-ups: the form page itself looks nothing up
def lookup_post():
    """Find a saved result and show it on the next page (303); a refused reference goes back to the form (303)."""
    form = forms.LookupForm()
    saved, problem, params = None, None, {}
    if not form.validate():
        problem = "missing"
    else:
        try:
            saved = find(form.reference.data)
        except BadReference:
            problem, params = forms.reference_problem(form.reference.data)
        else:
            problem = "unknown" if saved is None else None
    if problem:
        # Post/Redirect/Get, as for a refused answer: Back and reload never post again
        session[REFUSED] = {"reference": (form.reference.data or "")[:40], "audience": form.viewer(), "problem": problem,
                            "params": params}
        return redirect(url_for(".lookup"), 303)
    session[KEY] = {"reference": saved.to_dict()["reference"], "audience": form.viewer()}
    return redirect(url_for(".looked_up"), 303)


def _held():
    """The saved result this session looked up last, and the viewer's audience; None when there is none."""
    held = session.get(KEY)
    if not isinstance(held, dict) or held.get("audience") not in AUDIENCES:
        return None, None
    try:
        saved = find(held.get("reference") or "")
    except BadReference:
        return None, None
    return saved, held["audience"]


def _page(saved, audience: str, **extra):
    record = saved.to_dict()
    answers = flow.from_engine(saved.answers)
    determination, rejudged = _shown(saved, audience)
    return result_page(determination, audience, answers, reference=record["reference"],
                       saved=True, looked_up=record, saved_for=SAVED_FOR.get(record["audience"]),
                       saved_language=record["language"],
                       saved_language_name=LANGUAGE_NAMES.get(record["language"], record["language"]),
                       rejudged=rejudged, as_saved=_asked_as_saved() and record["language"] != str(get_locale()),
                       case_note=_note(saved, determination, audience), **extra)


def _asked_as_saved() -> bool:
    return request.args.get("as_saved") == "1"


def _shown(saved, audience: str):
    """What the page shows: in the viewer's language when the result was saved in another, its saved answers
    judged again under the version it was saved under (the saved words never change, and one click shows
    them); else, or when the version is gone or the verdict would differ, the words exactly as saved."""
    as_saved = Determination.from_dict(saved.shown)
    if saved.language == str(get_locale()) or _asked_as_saved():
        return as_saved, False
    if current_app.extensions["policies"].by_digest(saved.policy_digest) is None:
        return as_saved, False
    again = saving.judged_again(flow.from_engine(saved.answers), audience, as_saved.policy)
    if again is None or again.outcome != as_saved.outcome:
        return as_saved, False
    return again, True


def _note(saved, determination, audience: str) -> str:
    record = saved.to_dict()
    return casenote.case_note(determination, flow.from_engine(saved.answers), record["reference"],
                              record["created_at"][:10], audience)


@bp.get("/lookup/result")
def looked_up():
    """The saved result this session looked up, in the viewer's layout and language."""
    saved, audience = _held()
    if saved is None:
        return redirect(url_for(".lookup"))
    return _page(saved, audience)


@bp.get("/lookup/result/case-note.txt")
def looked_up_case_note():
    """The looked-up result's case note as a .txt file."""
    saved, audience = _held()
    if saved is None:
        return redirect(url_for(".lookup"))
    return casenote.as_download(_note(saved, _shown(saved, audience)[0], audience), saved.to_dict()["reference"])


@bp.get("/lookup/result.pdf")
@pdf.pdf_limit
def looked_up_pdf():
    """The looked-up result as a PDF."""
    saved, audience = _held()
    if saved is None:
        return redirect(url_for(".lookup"))
    return pdf.render(lambda: _page(saved, audience, for_pdf=True), saved.to_dict()["reference"],
                      ("looked up", audience))


@bp.post("/lookup/result/new-check")
def new_check_from_saved():
    """Start a new check filled with the saved answers, in the viewer's audience; it opens at check your answers."""
    saved, audience = _held()
    if saved is None:
        return redirect(url_for(".lookup"))
    check = state.start(audience, flow.from_engine(saved.answers))
    g.check_id = check.id
    return redirect(url_for(".check_answers", check_id=check.id), 303)
