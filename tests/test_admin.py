"""The policy team's pages: sign-in slowed down and never locked, sessions ended on the server, expiry, roles, CSRF,
reviews confirmed before they are kept, and the audit log."""
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
REVIEW = {"reviewed_on": "2024-04-10", "outcome": "no_change", "note": "", "next_review_date": "2025-04-15",
          "confirm": "record"}
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


REFUSED = "The email address or the password is not right"
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.7"}  # the owner, at another address than the guesser's


class Clock:
    """The sign-in counts' clock, moved by hand: the waits are seconds to minutes."""

    def __init__(self):
        self.now = dt.datetime.now(dt.timezone.utc)

    def __call__(self):
        return self.now

    def wait(self, seconds: float):
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    from app.admin import throttle
    clock = Clock()
    monkeypatch.setattr(throttle, "utcnow", clock)
    return clock


def sign_in_from(client, email, password=PASSWORD, environ=None):
    return client.post("/admin/sign-in", data={"email": email, "password": password}, environ_base=environ or {})


def test_wrong_passwords_slow_down_that_address_and_never_lock_the_owner_out(accounts, clock):
    guesser = accounts.test_client()
    for _ in range(5):
        assert sign_in(guesser, VIEWER, "wrong password here").status_code == 422
    # past five, a try from the same address must wait: even the right password is refused unchecked
    slowed = sign_in(guesser, VIEWER)
    assert slowed.status_code == 422 and REFUSED in slowed.get_data(as_text=True)
    # the owner, elsewhere, signs in at once: nothing is locked
    owner = accounts.test_client()
    assert sign_in_from(owner, VIEWER, environ=ELSEWHERE).status_code == 302
    clock.wait(2)  # the wait is over: the right password works from the guesser's address too
    assert sign_in(guesser, VIEWER).status_code == 302
    actions = audit_actions(accounts)
    assert actions.count((VIEWER, "sign_in_failed")) == 5 and (VIEWER, "sign_in_slowed") in actions
    assert not any(action == "locked" for _actor, action in actions)


def test_each_wrong_password_past_five_doubles_the_wait_up_to_fifteen_minutes(accounts, clock):
    from app.admin import throttle
    client = accounts.test_client()
    waits = []
    for failures in range(5, 16):
        assert throttle.delay(failures, throttle.FREE["pair"]) == min(2 * 2 ** (failures - 5), 900)
    for _ in range(5):
        sign_in(client, EDITOR, "wrong password here")
    for expected in (2, 4, 8, 16):
        clock.wait(expected - 1)
        sign_in(client, EDITOR)  # too soon: refused, and not counted
        clock.wait(1)
        assert sign_in(client, EDITOR, "wrong password here").status_code == 422
        waits.append(expected)
    checked = audit_actions(accounts).count((EDITOR, "sign_in_failed"))
    assert checked == 9 and waits == [2, 4, 8, 16]
    clock.wait(32)
    assert sign_in(client, EDITOR).status_code == 302  # a right password starts the count again
    for _ in range(5):
        assert sign_in(client, EDITOR, "wrong password here").status_code == 422
    assert audit_actions(accounts).count((EDITOR, "sign_in_failed")) == 14


def test_the_apps_passwords_are_hashed_with_argon2id_at_the_rfc_9106_cost(quick_password_hashes):
    from argon2 import Type, profiles
    from app.admin import accounts as account_module
    app_hasher = quick_password_hashes  # the tests' own hashes are cheap (conftest.py); the app's are not
    assert app_hasher.type is Type.ID
    assert (app_hasher.time_cost, app_hasher.memory_cost, app_hasher.parallelism) == (
        profiles.RFC_9106_LOW_MEMORY.time_cost, profiles.RFC_9106_LOW_MEMORY.memory_cost,
        profiles.RFC_9106_LOW_MEMORY.parallelism) == (3, 64 * 1024, 4)
    assert account_module._hasher is not app_hasher  # while a test runs, the cheap one stands in


def test_unknown_wrong_and_slowed_down_get_the_same_answer_after_the_same_work(accounts, clock, monkeypatch):
    from app.admin import accounts as account_module
    from argon2 import PasswordHasher
    checks = []

    class Counted(PasswordHasher):
        def verify(self, *args):
            checks.append(1)
            return super().verify(*args)
    monkeypatch.setattr(account_module, "_hasher", Counted())
    client = accounts.test_client()
    answers = []
    for email in ["nobody@example.org"] * 6 + [EDITOR] * 6:
        response = sign_in(client, email, "wrong password here")
        answers.append((response.status_code, response.get_data(as_text=True).replace(email, "EMAIL")))
    # an unknown account is slowed down exactly like a real one: its sixth try is refused unchecked too
    assert len(set(answers)) == 1 and answers[0][0] == 422
    assert len(checks) == 12  # one argon2 check for every answer, refused unchecked or not
    actions = audit_actions(accounts)
    assert actions.count(("unknown account", "sign_in_slowed")) == actions.count((EDITOR, "sign_in_slowed")) >= 1


def test_guesses_at_one_account_from_many_addresses_are_slowed_but_not_where_it_signed_in_before(accounts, clock):
    client = accounts.test_client()
    assert sign_in_from(client, EDITOR, environ=ELSEWHERE).status_code == 302  # the owner's own place
    for n in range(20):  # 20 addresses, one guess each: no address is slowed, the account is
        assert sign_in_from(client, EDITOR, "a wrong guess " + str(n), {"REMOTE_ADDR": f"203.0.113.{n}"}).status_code == 422
    assert sign_in_from(client, EDITOR, environ={"REMOTE_ADDR": "203.0.113.99"}).status_code == 422  # must wait
    owner = accounts.test_client()
    assert sign_in_from(owner, EDITOR, environ=ELSEWHERE).status_code == 302
    assert any("for this account from addresses it never signed in from" in detail
               for detail in audit_details(accounts, EDITOR, "sign_in_slowed"))


def test_sixteen_wrong_passwords_sent_at_once_are_each_counted_and_only_five_are_checked(accounts, clock):
    from concurrent.futures import ThreadPoolExecutor
    from app.admin import accounts as account_module
    from app.storage.operations import SignInFailures

    def guess(n):
        with accounts.test_request_context():
            return account_module.authenticate(EDITOR, f"wrong guess {n}", "192.0.2.1")
    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(guess, range(16))) == [None] * 16
    actions = audit_actions(accounts)
    assert actions.count((EDITOR, "sign_in_failed")) == 5
    assert actions.count((EDITOR, "sign_in_slowed")) >= 11
    with accounts.test_request_context():
        from app.admin.throttle import keys
        pair = db.session.get(SignInFailures, keys(EDITOR, "192.0.2.1")["pair"])
        assert pair.failures == 5  # one UPDATE each: none of the sixteen was lost


def audit_details(app, actor, action) -> list[str]:
    with app.app_context():
        return [e.detail for e in db.session.execute(select(AuditEntry).where(
            AuditEntry.actor == actor, AuditEntry.action == action)).scalars()]


def test_signing_out_ends_the_session_on_the_server_so_a_copied_cookie_ends_too(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    copied = client.get_cookie("session").value
    thief = accounts.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/").status_code == 200
    client.post("/admin/sign-out")
    assert thief.get("/admin/").status_code == 302  # the copy was signed out with it
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("change", ["password", "role"])
def test_a_new_password_or_role_ends_every_session_of_the_account(accounts, change):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    assert client.get("/admin/").status_code == 200
    create_user(accounts, EDITOR, "viewer" if change == "role" else "editor",
                "a different passphrase for lee" if change == "password" else PASSWORD)
    assert client.get("/admin/").status_code == 302
    assert (EDITOR, "update_user") in [(d.split(" as ")[0], "update_user")
                                       for d in audit_details(accounts, "command line", "update_user")]


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


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", "qwertyuiopas", "abcdefghijkl", "123456789012",
                                      "iloveyou1234", "editor@example.org"])
def test_create_user_refuses_a_common_or_guessable_password(versions_app, password):
    result = versions_app.test_cli_runner().invoke(args=["create-user", EDITOR, "--role", "editor"],
                                                   input=f"{password}\n{password}\n")
    assert result.exit_code == 2 and "harder to guess" in result.output
    with versions_app.app_context():
        assert db.session.query(User).count() == 0


def test_a_review_dated_after_today_is_refused(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = client.post("/admin/policy/2023-04-15", data={**REVIEW, "reviewed_on": tomorrow, "next_review_date": "2099-01-01"})
    assert response.status_code == 422 and "cannot be after today" in response.get_data(as_text=True)
    with accounts.app_context():
        assert db.session.query(Review).count() == 0


def test_a_review_shows_what_it_will_change_before_it_is_recorded(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    review = {**REVIEW, "outcome": "note", "note": "Codes checked"}
    del review["confirm"]
    shown = client.post("/admin/policy/2023-04-15", data=review)
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    assert "Check the review before it is recorded" in page
    assert "moves from April 15, 2024 to April 15, 2025" in page
    assert "from April 16, 2024 to April 15, 2025 will no longer say" in page and "Codes checked" in page
    with accounts.app_context():
        assert db.session.query(Review).count() == 0  # nothing kept yet
    again = client.post("/admin/policy/2023-04-15", data={**review, "confirm": "change"})
    assert again.status_code == 200 and 'value="2025-04-15"' in again.get_data(as_text=True)  # the form, filled in
    with accounts.app_context():
        assert db.session.query(Review).count() == 0
    recorded = client.post("/admin/policy/2023-04-15", data={**review, "confirm": "record"})
    assert recorded.status_code == 302
    with accounts.app_context():
        assert db.session.query(Review).count() == 1
    earlier = client.post("/admin/policy/2023-04-15", data={**review, "reviewed_on": "2024-05-01",
                                                            "next_review_date": "2025-01-01"})
    assert "from January 2, 2025 to April 15, 2025 will say that this version was due" in earlier.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [("email", "editor@example.org\x00"), ("email", "a\x01b@example.org")])
def test_a_control_character_in_the_sign_in_email_is_refused(accounts, field, value):
    response = accounts.test_client().post("/admin/sign-in", data={"email": value, "password": PASSWORD})
    assert response.status_code == 422 and "Enter your email address" in response.get_data(as_text=True)


def test_a_nul_in_a_review_note_is_refused_and_a_new_line_is_kept(accounts):
    client = accounts.test_client()
    sign_in(client, EDITOR)
    bad = client.post("/admin/policy/2023-04-15", data={**REVIEW, "outcome": "note", "note": "one\x00two", "confirm": "record"})
    assert bad.status_code == 422 and "plain text" in bad.get_data(as_text=True)
    good = client.post("/admin/policy/2023-04-15", data={**REVIEW, "outcome": "note", "note": "one\ntwo", "confirm": "record"})
    assert good.status_code == 302


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
