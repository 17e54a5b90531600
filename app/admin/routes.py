"""Sign-in, the policy versions with their reviews, the impact of a change, and the audit log."""
from __future__ import annotations

import dataclasses
import datetime as dt
import threading

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext, lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from ..coverage.engine import evaluate
from ..coverage.impact import compare
from ..coverage.vocabulary import ANSWERS
from ..extensions import db, limiter
from ..wizard.policy_pages import CRITERIA_NAMES, OUTCOME_NAMES, STATUS_NAMES, value_words
from ..storage.operations import AuditEntry, audit
from ..storage.reviews import record_review, reviews_of, review_due
from . import accounts, bp, charts, forms, login_manager

SIGNED_IN_AT = "admin_signed_in_at"
# what each audit entry records, as a person says it (an action not named here is shown as recorded)
# "sign_in_refused" and "locked" stand in audit logs kept from before sign-in was slowed down rather than locked
ACTION_NAMES = {"sign_in": _l("Signed in"), "sign_in_failed": _l("Sign-in failed"),
                "sign_in_slowed": _l("Sign-in slowed down after wrong passwords"),
                "sign_in_refused": _l("Sign-in refused: the account is locked"), "sign_out": _l("Signed out"),
                "locked": _l("Account locked"), "create_user": _l("Account made"), "update_user": _l("Account changed"),
                "review": _l("Review recorded"), "draft_uploaded": _l("Draft uploaded"),
                "draft_deleted": _l("Draft deleted")}
AUDIT_PER_PAGE = 50
OPEN = ("admin.sign_in",)  # the only page open without signing in

_impacts: dict[tuple[str, str], object] = {}
_impacts_lock = threading.Lock()


@login_manager.user_loader
def _load_user(user_id: str):
    return accounts.load(user_id)


@bp.before_request
def signed_in_and_fresh():
    # a session lasts ADMIN_SESSION_MINUTES from sign-in, however busy; then sign in again
    if request.endpoint in OPEN:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    started = session.get(SIGNED_IN_AT)
    limit = dt.timedelta(minutes=current_app.config["ADMIN_SESSION_MINUTES"])
    now = dt.datetime.now(dt.timezone.utc)
    if not isinstance(started, (int, float)) or now - dt.datetime.fromtimestamp(started, dt.timezone.utc) > limit:
        logout_user()
        session.pop(SIGNED_IN_AT, None)
        return redirect(url_for(".sign_in", expired=1))
    return None


@bp.after_request
def no_store(response):
    # who reviewed what, and what people ask: no shared cache keeps these pages
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def _admin_globals():
    return {"sign_out_form": forms.SignOutForm, "role_names": forms.ROLE_NAMES}


def _library():
    return current_app.extensions["policies"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():
    """Sign in with an email address and password; repeated wrong ones slow the next tries down, never lock."""
    form = forms.SignInForm()
    status = 200
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, get_remote_address())
        if user is not None:
            login_user(user)
            session[SIGNED_IN_AT] = dt.datetime.now(dt.timezone.utc).timestamp()
            return redirect(url_for(".home"))
        # one answer for an unknown account, a wrong password and a try that came too soon: nothing to learn
        form.email.errors = [str(forms.SIGN_IN_REFUSED)]
        status = 422
    elif request.method == "POST":
        status = 422
    errors = form.error_list() if request.method == "POST" else []
    return render_template("admin/sign_in.html", form=form, errors=errors,
                           expired=request.args.get("expired") == "1"), status


@bp.post("/sign-out")
def sign_out():
    """Sign out everywhere: the account's sessions end on the server, so a copied cookie ends too."""
    if not forms.SignOutForm().validate_on_submit():
        abort(400)
    audit(current_user.email, "sign_out", "every session of the account ended")
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.pop(SIGNED_IN_AT, None)
    return redirect(url_for(".sign_in"))


@bp.get("/")
def home():
    """The policy team's start: every version with its review due date, and the other pages."""
    library = _library()
    rows = [(p, review_due(p, 0)) for p in reversed(library.versions)]
    return render_template("admin/home.html", rows=rows, current=library.current(), today=dt.date.today())


def _version_or_404(version: str):
    return _library().version(version) or abort(404)


@bp.route("/policy/<version>", methods=["GET", "POST"])
def version_page(version: str):
    """One version: its reviews, newest first, and for a policy editor the form to record one, then what
    the review will change, to confirm before it is kept."""
    policy = _version_or_404(version)
    form = forms.ReviewForm()
    status = 200
    if request.method == "POST":
        if not current_user.can_edit:
            abort(403)
        if form.validate_on_submit():
            note = (form.note.data or "").strip() if form.outcome.data == forms.NOTE else ""
            if request.form.get("confirm") == "record":
                record_review(policy, current_user, reviewed_on=form.reviewed_on.parsed, outcome=form.outcome.data,
                              note=note, next_review_date=form.next_review_date.parsed)
                return redirect(url_for(".version_page", version=version, recorded=1))
            if request.form.get("confirm") != "change":
                return render_template("admin/review_confirm.html", policy=policy, form=form, note=note,
                                       change=review_change(review_due(policy, 0), form.next_review_date.parsed))
        else:
            status = 422
    errors = form.error_list() if status == 422 else []
    return render_template("admin/version.html", policy=policy, reviews=reviews_of(policy), form=form,
                           errors=errors, due=review_due(policy, 0), recorded=request.args.get("recorded") == "1"), status


def review_change(due: dt.date, new_due: dt.date) -> dict:
    """What moving the next review date does to results: the dates of service whose age warning comes or goes."""
    one_day = dt.timedelta(days=1)
    if new_due > due:
        return {"due": due, "new_due": new_due, "warning": "goes", "first": due + one_day, "last": new_due}
    if new_due < due:
        return {"due": due, "new_due": new_due, "warning": "comes", "first": new_due + one_day, "last": due}
    return {"due": due, "new_due": new_due, "warning": None}


def impact_of(old, new):
    """The impact report for two versions, worked out once per worker (about a second)."""
    key = (old.digest, new.digest)
    with _impacts_lock:
        if key not in _impacts:
            _impacts[key] = compare(old, new)
        return _impacts[key]


def _chosen_versions():
    library = _library()
    versions = library.versions
    default_old = versions[-2] if len(versions) > 1 else versions[0]
    old = library.version(request.args.get("old", "")) or default_old
    new = library.version(request.args.get("new", "")) or versions[-1]
    return old, new


def _said_in_words(example, policy, criterion: str) -> str:
    """How the engine says a criterion's finding for these answers under this version, in the office's terms."""
    answers = dataclasses.replace(example, audience="provider")
    determination = evaluate(answers, policy, gettext=gettext, language=str(get_locale()))
    return next((reason.text for reason in determination.reasons if reason.id == criterion), "")


def _example_words(example: dict) -> list[tuple[str, str]]:
    """An example answer set as (question, answer) in words: no `service=coaching, group=False`."""
    return [(gettext(ANSWERS[name].in_table) if name in ANSWERS else name,
             value_words(name, dt.date.fromisoformat(value) if name == "date_of_service" else value))
            for name, value in example.items() if value is not None]


def impact_context(old, new, chart_url: str) -> dict:
    """What the impact page shows for two versions (or the version in effect and a draft), in words."""
    report = impact_of(old, new)
    reasons = [{**r, "criterion_name": CRITERIA_NAMES.get(r["criterion"], r["criterion"]),
                "old_words": _said_in_words(r["example"], old, r["criterion"]) if r["example"] else r["old_key"],
                "new_words": _said_in_words(r["example"], new, r["criterion"]) if r["example"] else r["new_key"]}
               for r in report.reason_changes()]
    return dict(old=old, new=new, report=report, versions=_library().versions, outcome_names=OUTCOME_NAMES,
                status_names=STATUS_NAMES, reasons=reasons, example_words=_example_words, chart_url=chart_url)


@bp.get("/impact")
def impact():
    """What a new version changes: every answer set judged under both, by transition, with the words."""
    old, new = _chosen_versions()
    return render_template("admin/impact.html", draft=None, **impact_context(old, new, url_for(
        ".impact_chart", old=old.effective_date.isoformat(), new=new.effective_date.isoformat())))


def impact_chart_of(old, new):
    report = impact_of(old, new)
    return charts.svg_response(charts.transitions_chart(
        report, gettext("Answer sets changing outcome"), {k: str(v) for k, v in OUTCOME_NAMES.items()}))


@bp.get("/impact.svg")
def impact_chart():
    """The impact's transitions as a bar chart, drawn on the server."""
    return impact_chart_of(*_chosen_versions())


@bp.get("/audit")
def audit_log():
    """Every change made through these pages or the command line: who, what and when, newest first."""
    total = db.session.execute(select(func.count(AuditEntry.id))).scalar_one()
    pages = max(1, -(-total // AUDIT_PER_PAGE))
    try:
        page = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        page = 1
    entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                 .offset((page - 1) * AUDIT_PER_PAGE).limit(AUDIT_PER_PAGE)).scalars().all()
    return render_template("admin/audit.html", entries=entries, page=page, pages=pages, total=total,
                           audit_action_names=ACTION_NAMES)
