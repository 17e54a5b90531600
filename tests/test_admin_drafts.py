"""Draft versions: an editor uploads one, it is validated as the loader validates a file and kept as a draft,
never used for answers, and its impact against the version in effect is shown in words."""
import io

import pytest
import yaml
from sqlalchemy import select

from admin_helpers import EDITOR, VIEWER, create_user, sign_in
from app.extensions import db
from app.storage.operations import AuditEntry, PolicyDraft
from versions_fixtures import TEST_VERSION
from wizard_html import parse

DRAFT = TEST_VERSION.read_bytes()  # a made-up version effective 2025-01-01, not a real policy


@pytest.fixture
def editor(app):
    create_user(app, EDITOR, "editor")
    create_user(app, VIEWER, "viewer")
    client = app.test_client()
    sign_in(client, EDITOR)
    return client


def upload(client, data: bytes, name: str = "2025-01-01.yaml"):
    return client.post("/admin/drafts", data={"draft": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def drafts(app) -> list:
    with app.app_context():
        return db.session.execute(select(PolicyDraft)).scalars().all()


def test_with_one_version_the_impact_page_says_so_and_offers_a_draft(editor):
    page = parse(editor.get("/admin/impact").data)
    assert "Only one version of the policy is loaded" in page.by_id("one-version").text()
    assert page.by_id("one-version").find("a").attrs["href"] == "/admin/drafts"
    assert page.find("select", id="old") is None and page.find(id="impact-summary") is None


def test_an_editor_uploads_a_draft_and_sees_its_impact_in_words(app, editor):
    response = upload(editor, DRAFT)
    assert response.status_code == 303
    [draft] = drafts(app)
    assert draft.effective_date == "2025-01-01" and draft.uploaded_by == EDITOR
    page = parse(editor.get(response.headers["Location"]).data)
    assert "A draft is never used for an answer" in page.by_id("draft-note").text()
    summary = page.by_id("impact-summary").text()
    assert " of " in summary and not summary.startswith("0 of")
    examples = page.by_id("transitions").text()
    assert "service=" not in examples and "group=" not in examples and "False" not in examples
    assert "Minutes: " in examples or "Session: " in examples
    reasons = page.by_id("reasons").text()
    assert "follow_up_met" not in reasons and "(met)" not in reasons and "session_unknown" not in reasons
    assert "0592T" in reasons  # the finding said as the engine says it to an office
    with app.app_context():
        assert [e.action for e in db.session.execute(select(AuditEntry)).scalars()][-1] == "draft_uploaded"
    assert editor.get(f"/admin/drafts/{draft.id}.yaml").data == DRAFT
    assert editor.get(f"/admin/drafts/{draft.id}/impact.svg").mimetype == "image/svg+xml"


def test_a_draft_is_never_used_for_an_answer(app, editor):
    upload(editor, DRAFT)
    response = app.test_client().post("/api/v1/determinations", json={
        "diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
        "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 40, "delivery": "in_person",
        "date_of_service": "2025-06-01"})
    assert response.get_json()["policy"]["effective_date"] == "2023-04-15"


BROKEN = [
    (b"id: A015\nsections: [\n", "the file as a whole", "is not valid YAML"),
    (b"\xff\xfe not utf-8", "the file as a whole", "is not UTF-8 text"),
    (DRAFT.replace(b"effective_date: 2025-01-01", b"effective_date: 2025-02-30"), "the file as a whole",
     "holds a date that is not a real day"),
    (DRAFT.replace(b"effective_date: 2025-01-01", b"effective_date: soon"), "effective date",
     "must be a date written YYYY-MM-DD"),
    (DRAFT.replace(b"effective_date: 2025-01-01", b"effective_date: 2023-04-15"), "the policy's header \u203a effective date",
     "is the effective date of a version already in effect"),
    (b"", "the file", "Choose the draft's YAML file to upload"),
    (b"a: &x [1, 2]\nb: *x\n", "the file", "anchors or aliases"),
    (b"x" * (49 * 1024), "the file", "a draft may be at most 48 KB"),
]


@pytest.mark.parametrize("data, field, problem", BROKEN, ids=[b[2][:20] for b in BROKEN])
def test_a_broken_draft_is_refused_with_its_field_in_words_and_nothing_is_kept(app, editor, data, field, problem):
    response = upload(editor, data)
    assert response.status_code == 422
    page = parse(response.data)
    message = page.find("p", class_="error-message").text()
    assert field in message and problem in message
    assert page.find("title").text().startswith("Error:") and drafts(app) == []


def test_a_broken_sentence_is_named_by_where_it_stands(app, editor):
    data = yaml.safe_load(DRAFT)
    data["sections"][1]["blocks"][0]["paragraph"][0]["text"] = ""
    message = parse(upload(editor, yaml.safe_dump(data).encode()).data).find("p", class_="error-message").text()
    assert "section 2 \u203a block 1 \u203a paragraph, sentence 1 \u203a text: must be non-empty text" in message


def test_a_viewer_sees_drafts_but_cannot_upload_or_delete_one(app, editor):
    upload(editor, DRAFT)
    [draft] = drafts(app)
    viewer = app.test_client()
    sign_in(viewer, VIEWER)
    page = parse(viewer.get("/admin/drafts").data)
    assert page.find("input", id="draft") is None and "Only a policy editor" in page.text()
    assert upload(viewer, DRAFT).status_code == 403
    assert viewer.post(f"/admin/drafts/{draft.id}/delete").status_code == 403
    assert viewer.get(f"/admin/drafts/{draft.id}").status_code == 200


def test_an_editor_deletes_a_draft_and_the_audit_log_says_so(app, editor):
    upload(editor, DRAFT)
    [draft] = drafts(app)
    assert editor.post(f"/admin/drafts/{draft.id}/delete").status_code == 303
    assert drafts(app) == [] and editor.get(f"/admin/drafts/{draft.id}").status_code == 404
    with app.app_context():
        assert [e.action for e in db.session.execute(select(AuditEntry)).scalars()][-1] == "draft_deleted"
