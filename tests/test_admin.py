"""The policy team's pages: sign-in, lockout, expiry, roles, CSRF, reviews and the audit log."""
import datetime as dt
import re
import shutil

import pytest
from sqlalchemy import select

from admin_helpers import EDITOR, PASSWORD, VIEWER, create_user, csrf_token, sign_in
from app.extensions import db
from app.storage.operations import AuditEntry, Review, User
from versions_fixtures import versions_app, versions_client  # noqa: F401

PAGES = ["/admin/", "/admin/policy/2023-04-15", "/admin/impact", "/admin/impact.svg", "/admin/usage",
         "/admin/usage/week.svg", "/admin/usage/outcome.csv", "/admin/audit"]
REVIEW = {"reviewed_on": "2024-04-10", "outcome": "no_change", "note": "", "next_review_date": "2025-04-15"}
LATE = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
        "setting": "outpatient", "session": "initial", "delivery": "in_person", "date_of_service": "2024-06-03"}


@pytest.fixture
def accounts(versions_app):
    create_user(versions_app, EDITOR, "editor")
    create_user(versions_app, VIEWER, "viewer")
    return versions_app


def audit_actions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.actor, e.action) for e in db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()]


@pytest.mark.parametrize("url", PAGES)
def test_every_admin_page_needs_a_signed_in_account(versions_client, url):
    response = versions_client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/sign-in")


def test_a_right_password_signs_in_and_the_pages_are_not_stored(accounts):
    client = accounts.test_client()
    response = sign_in(client, EDITOR)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    for url in PAGES:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["Cache-Control"] == "no-store"
    assert (EDITOR, "sign_in") in audit_actions(accounts)


def test_a_wrong_password_is_refused_with_a_message_and_audited(accounts):
    client = accounts.test_client()
    response = sign_in(client, EDITOR, "not the password at all")
    assert response.status_code == 422
    assert "The email address or the password is not right" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert unknown.status_code == 422  # the same words for an unknown account: nothing to learn
    assert "The email address or the password is not right" in unknown.get_data(as_text=True)
    assert audit_actions(accounts)[-2:] == [(EDITOR, "sign_in_failed"), ("unknown account", "sign_in_failed")]


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(accounts):
    client = accounts.test_client()
    for _ in range(4):
        assert sign_in(client, VIEWER, "wrong password here").status_code == 422
    locked = sign_in(client, VIEWER, "wrong password here")
    assert locked.status_code == 423 and "locked" in locked.get_data(as_text=True)
    assert sign_in(client, VIEWER).status_code == 423
    assert (VIEWER, "locked") in audit_actions(accounts)
    with accounts.app_context():  # the lock runs out
        user = db.session.execute(select(User).where(User.email == VIEWER)).scalar_one()
        user.locked_until = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
        db.session.commit()
    assert sign_in(client, VIEWER).status_code == 302


def test_a_session_expires_after_the_configured_minutes(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as session:
        minutes = accounts.config["ADMIN_SESSION_MINUTES"]
        session["admin_signed_in_at"] -= minutes * 60 + 1
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/sign-in?expired=1"
    assert "session ended" in client.get("/admin/sign-in?expired=1").get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # signed out, not only turned away once


def test_a_viewer_reads_but_cannot_record_a_review(accounts):
    client = accounts.test_client()
    sign_in(client, VIEWER)
    page = client.get("/admin/policy/2023-04-15").get_data(as_text=True)
    assert "Record a review" not in page
    assert client.post("/admin/policy/2023-04-15", data=REVIEW).status_code == 403
    with accounts.app_context():
        assert db.session.query(Review).count() == 0


def test_an_editor_records_a_review_which_is_audited_and_moves_the_age_warning(accounts):
    client = accounts.test_client()
    warned = client.post("/api/v1/determinations", json=LATE).get_json()
    assert "next_review_passed" in [w["id"] for w in warned["warnings"]]
    sign_in(client, EDITOR)
    response = client.post("/admin/policy/2023-04-15", data=REVIEW)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The review is recorded." in page and "Reviewed, no change" in page and EDITOR in page
    assert re.search(r'id="review-due">April 15, 2025<', page)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "reviewed, no change; next review 2025-04-15" in audit
    assert (EDITOR, "review") in audit_actions(accounts)
    body = client.post("/api/v1/determinations", json=LATE).get_json()
    assert "next_review_passed" not in [w["id"] for w in body["warnings"]]
    assert body["policy"]["next_review_date"] == "2025-04-15"
    still_late = client.post("/api/v1/determinations", json={**LATE, "date_of_service": "2024-12-30"}).get_json()
    assert still_late["policy"]["version"] == "2023-04-15"
    api = client.get("/api/v1/policies/A015").get_json()
    assert api["versions"][0]["next_review_date"] == "2025-04-15"


def test_a_review_with_a_note_needs_the_note_and_sensible_dates(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    response = client.post("/admin/policy/2023-04-15", data={**REVIEW, "outcome": "note", "next_review_date": "2024-04-01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Write the note, or select that the review found no change" in page
    assert "The next review date must come after the date of the review" in page
    bad = client.post("/admin/policy/2023-04-15", data={**REVIEW, "reviewed_on": "2024-02-30"})
    assert bad.status_code == 422 and "like 2025-04-15" in bad.get_data(as_text=True)
    with accounts.app_context():
        assert db.session.query(Review).count() == 0
    noted = client.post("/admin/policy/2023-04-15", data={**REVIEW, "outcome": "note", "note": "Codes checked against CPT 2025"})
    assert noted.status_code == 302
    assert "Codes checked against CPT 2025" in client.get("/admin/policy/2023-04-15").get_data(as_text=True)


def test_an_unknown_version_is_not_found(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    assert client.get("/admin/policy/2020-01-01").status_code == 404


@pytest.fixture
def csrf_app(tmp_path, migrated_sqlite):
    from conftest import make_app
    from versions_fixtures import BOTH
    path = tmp_path / "csrf.sqlite"
    shutil.copy(migrated_sqlite, path)
    app = make_app(f"sqlite:///{path}", POLICY_PATH=BOTH, WTF_CSRF_ENABLED=True)
    create_user(app, EDITOR, "editor")
    return app


def test_every_form_needs_its_csrf_token(csrf_app):
    client = csrf_app.test_client()
    assert sign_in(client, EDITOR).status_code == 400  # no token
    assert client.get("/admin/").status_code == 302
    assert sign_in(client, EDITOR, token=csrf_token(client, "/admin/sign-in")).status_code == 302
    refused = client.post("/admin/policy/2023-04-15", data=REVIEW)
    assert refused.status_code == 400 and "nothing was changed" in refused.get_data(as_text=True)
    with csrf_app.app_context():
        assert db.session.query(Review).count() == 0
    token = csrf_token(client, "/admin/policy/2023-04-15")
    assert client.post("/admin/policy/2023-04-15", data={**REVIEW, "csrf_token": token}).status_code == 302
    assert client.post("/admin/sign-out").status_code == 400  # signing out needs the token too
    assert client.get("/admin/").status_code == 200
    assert client.post("/admin/sign-out", data={"csrf_token": csrf_token(client, "/admin/")}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_sign_in_attempts_are_rate_limited(tmp_path, migrated_sqlite):
    from conftest import make_app
    path = tmp_path / "limited.sqlite"
    shutil.copy(migrated_sqlite, path)
    app = make_app(f"sqlite:///{path}", RATELIMIT_ENABLED=True)
    client = app.test_client()
    statuses = [sign_in(client, f"someone{i}@example.org", "whatever it is").status_code for i in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429


def test_create_user_refuses_a_short_password_and_updates_an_existing_account(versions_app):
    runner = versions_app.test_cli_runner()
    short = runner.invoke(args=["create-user", EDITOR, "--role", "editor"], input="short\nshort\n")
    assert short.exit_code == 2 and "at least 12 characters" in short.output
    assert "Made" in create_user(versions_app, EDITOR, "viewer").output
    assert "Updated" in create_user(versions_app, EDITOR.upper(), "editor", "another long password").output
    with versions_app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert user.role == "editor" and user.password_hash.startswith("$argon2")
        assert "another long password" not in user.password_hash
    assert audit_actions(versions_app) == [("command line", "create_user"), ("command line", "update_user")]


def test_the_audit_log_says_each_action_in_words_in_either_language(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR, "not the password")
    sign_in(client, EDITOR)
    for language, words in (("en", ("Sign-in failed", "Signed in")), ("es", ("Falló el inicio de sesión",
                                                                             "Inició sesión"))):
        page = client.get(f"/admin/audit?lang={language}").get_data(as_text=True)
        actions = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", page)
        assert actions and not any("_" in action for action in actions), actions
        assert all(word in actions for word in words), (language, actions)
