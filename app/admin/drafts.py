"""Draft versions of a policy: a policy editor uploads one (the same YAML a version's data file holds, validated
as the loader validates a file), it is kept in the database as a draft, and its impact against the version in
effect today is shown before anyone publishes it. A draft is never used for an answer: publishing stays adding
its file beside the others and restarting, as the README says, and a draft can be downloaded for that."""
from __future__ import annotations

import hashlib
import threading

import yaml
from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select

from ..coverage.policy import PolicyError, parse_policy
from ..extensions import db
from ..storage.operations import PolicyDraft, audit
from . import bp
from .forms import ErrorList

MAX_BYTES = 48 * 1024  # a version's file is about 17 KB; a request body is refused past 64 KB anyway
UPLOADED = "the uploaded file"

# a field as the loader names it ("sections[2].blocks[0].paragraph[1].text"), said as a person finds it
PARTS = {"sections": _l("section"), "subsections": _l("subsection"), "blocks": _l("block"),
         "paragraph": _l("paragraph, sentence"), "list": _l("list, item"), "references": _l("references, item"),
         "codes": _l("code"), "header": _l("header, sentence"), "citations": _l("citations of"),
         "file": _l("the file as a whole"), "policy": _l("the policy's header")}

_drafts: dict[str, object] = {}  # a draft's Policy by its digest, parsed once per worker
_drafts_lock = threading.Lock()


class DraftForm(ErrorList, FlaskForm):
    draft = FileField(_l("The draft version's data file (YAML)"))


def field_in_words(where: str) -> str:
    """'sections[2].blocks[0].paragraph[1].text' -> 'section 3 › block 1 › paragraph, sentence 2 › text'."""
    said = []
    for part in where.split("."):
        name, _, index = part.partition("[")
        words = str(PARTS.get(name, name.replace("_", " ")))
        said.append(f"{words} {int(index.rstrip(']')) + 1}" if index.rstrip("]").isdigit() else words)
    return " \u203a ".join(said)


def _uses_aliases(text: str) -> bool:
    """YAML anchors and aliases (& and *): a policy file never needs them, and they can make a small file
    stand for a very large one."""
    try:
        return any(isinstance(event, (yaml.AliasEvent,)) or getattr(event, "anchor", None)
                   for event in yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False  # the loader says what is wrong with it


def check(data: bytes, library) -> tuple[object | None, list[tuple[str, str]]]:
    """The draft's Policy, or the problems with it: (the field in words, what is wrong)."""
    if not data:
        return None, [(str(_l("the file")), gettext("Choose the draft's YAML file to upload"))]
    if len(data) > MAX_BYTES:
        return None, [(str(_l("the file")), gettext("The file is %(size)s KB; a draft may be at most %(limit)s KB",
                                                     size=len(data) // 1024, limit=MAX_BYTES // 1024))]
    try:
        if _uses_aliases(data.decode("utf-8")):
            return None, [(str(_l("the file")), gettext("The file uses YAML anchors or aliases (& or *); write "
                                                        "each value out in full"))]
    except UnicodeDecodeError:
        pass  # the loader says so, in its words
    try:
        policy = parse_policy(data, UPLOADED)
    except PolicyError as error:
        return None, [(field_in_words(error.where), error.problem)]
    problems = []
    if policy.id != library.id:
        problems.append((field_in_words("policy.id"),
                         gettext("is %(found)s; the versions loaded are of %(id)s", found=policy.id, id=library.id)))
    if library.version(policy.effective_date.isoformat()) is not None:
        problems.append((field_in_words("policy.effective_date"), gettext(
            "%(date)s is the effective date of a version already in effect; a new version needs a date of its own",
            date=policy.effective_date.isoformat())))
    return (None if problems else policy), problems


def draft_policy(draft: PolicyDraft):
    """The draft as a Policy, parsed once per worker; it was validated when uploaded."""
    with _drafts_lock:
        if draft.digest not in _drafts:
            _drafts[draft.digest] = parse_policy(draft.content.encode("utf-8"), f"draft {draft.id}")
        return _drafts[draft.digest]


def _drafts_page(form, errors, status=200):
    drafts = db.session.execute(select(PolicyDraft).order_by(PolicyDraft.uploaded_at.desc())).scalars().all()
    return render_template("admin/drafts.html", form=form, errors=errors, drafts=drafts,
                           current=current_app.extensions["policies"].current(), max_kb=MAX_BYTES // 1024), status


@bp.get("/drafts")
def drafts():
    """The drafts uploaded, newest first, and for a policy editor the form to upload one."""
    return _drafts_page(DraftForm(), [])


@bp.post("/drafts")
def upload_draft():
    """Upload a draft version: validated as the loader validates a file, kept as a draft (never used for answers)."""
    if not current_user.can_edit:
        abort(403)
    form = DraftForm()
    if not form.validate_on_submit():
        form.draft.errors = [gettext("The form had expired; choose the file and upload it again")]
        return _drafts_page(form, form.error_list(), 422)
    upload = form.draft.data
    data = upload.read(MAX_BYTES + 1) if upload else b""
    policy, problems = check(data, current_app.extensions["policies"])
    if problems:
        form.draft.errors = [gettext("%(where)s: %(problem)s", where=where, problem=problem)
                             for where, problem in problems]
        return _drafts_page(form, [("draft", message) for message in form.draft.errors], 422)
    draft = PolicyDraft(policy_id=policy.id, effective_date=policy.effective_date.isoformat(),
                        content=data.decode("utf-8"), digest=hashlib.sha256(data).hexdigest(),
                        uploaded_by=current_user.email)
    db.session.add(draft)
    audit(current_user.email, "draft_uploaded", f"{policy.id} {policy.effective_date.isoformat()} {draft.digest[:12]}")
    db.session.commit()
    return redirect(url_for(".draft_page", draft_id=draft.id), 303)


def _draft_or_404(draft_id: int) -> PolicyDraft:
    return db.session.get(PolicyDraft, draft_id) or abort(404)


@bp.get("/drafts/<int:draft_id>")
def draft_page(draft_id: int):
    """A draft's impact against the version in effect today, in words, before it is published."""
    from .routes import impact_context
    draft = _draft_or_404(draft_id)
    new = draft_policy(draft)
    old = current_app.extensions["policies"].current()
    return render_template("admin/impact.html", draft=draft, **impact_context(
        old, new, url_for(".draft_chart", draft_id=draft.id)))


@bp.get("/drafts/<int:draft_id>/impact.svg")
def draft_chart(draft_id: int):
    """The draft's impact as a bar chart, drawn on the server."""
    from .routes import impact_chart_of
    return impact_chart_of(current_app.extensions["policies"].current(), draft_policy(_draft_or_404(draft_id)))


@bp.get("/drafts/<int:draft_id>.yaml")
def draft_file(draft_id: int):
    """The draft's data file exactly as uploaded, to add beside the others when it is published."""
    draft = _draft_or_404(draft_id)
    return Response(draft.content, mimetype="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{draft.effective_date}.yaml"'})


@bp.post("/drafts/<int:draft_id>/delete")
def delete_draft(draft_id: int):
    """Delete a draft; only a policy editor may, and the audit log keeps that it was."""
    if not current_user.can_edit:
        abort(403)
    if not DraftForm().validate_on_submit():
        abort(400)
    draft = _draft_or_404(draft_id)
    audit(current_user.email, "draft_deleted", f"{draft.policy_id} {draft.effective_date} {draft.digest[:12]}")
    db.session.delete(draft)
    db.session.commit()
    return redirect(url_for(".drafts"), 303)
