"""Hostile input that reaches the database, on SQLite and on PostgreSQL (through tests/with-services): a NUL
byte in a sign-in email, a review note or a JWT's jti is a 4xx, never a 500; a replayed token is refused by
every worker; sign-in attempts sent at once are each counted."""
import json
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from admin_helpers import EDITOR, PASSWORD, create_user, sign_in
from conftest import POSTGRES_URL, make_app, upgrade
from crd_checks import load
from versions_fixtures import BOTH

TABLES = ("audit_log", "policy_reviews", "users", "sign_in_failures", "crd_seen_tokens", "check_results",
          "determinations")
ISSUER = "https://ehr.example.org"
SERVICE = "/cds-services/a015-appointment-book"


@pytest.fixture(scope="module")
def ehr_key():
    return ec.generate_private_key(ec.SECP384R1())


def _empty(app):
    from app.extensions import db
    with app.app_context():
        for table in TABLES:
            db.session.execute(db.text(f"DELETE FROM {table}"))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture(params=["sqlite"] + (["postgresql"] if POSTGRES_URL else []))
def any_app(request, tmp_path, migrated_sqlite, ehr_key):
    keys = tmp_path / "ehr-jwks.json"
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ehr_key.public_key()))
    keys.write_text(json.dumps({"keys": [{**public, "kid": "ehr-1"}]}))
    settings = dict(POLICY_PATH=BOTH, CRD_JWT_REQUIRED=True, CRD_TRUSTED_ISSUERS={ISSUER: str(keys)})
    if request.param == "sqlite":
        shutil.copy(migrated_sqlite, tmp_path / "any.sqlite")
        app = make_app(f"sqlite:///{tmp_path / 'any.sqlite'}", **settings)
    else:
        app = make_app(POSTGRES_URL, **settings)
        upgrade(app)
        _empty(app)  # the server is shared by the whole run
    create_user(app, EDITOR, "editor")
    yield app
    if request.param == "postgresql":
        _empty(app)


def token(key, **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "http://localhost" + SERVICE, "iat": now, "exp": now + 300,
            "jti": str(uuid.uuid4()), **claims}
    return jwt.encode(body, key, algorithm="ES384", headers={"kid": "ehr-1"})


def hook(app, bearer: str):
    return app.test_client().post(SERVICE, json=load("appointment-book-a015.json"),
                                  headers={"Authorization": f"Bearer {bearer}"})


def test_a_nul_in_the_sign_in_email_is_a_422(any_app):
    response = any_app.test_client().post("/admin/sign-in", data={"email": "editor@example.org\x00x", "password": PASSWORD})
    assert response.status_code == 422 and "Enter your email address" in response.get_data(as_text=True)


def test_a_nul_in_a_review_note_is_a_422_and_nothing_is_kept(any_app):
    from app.extensions import db
    from app.storage.operations import Review
    client = any_app.test_client()
    assert sign_in(client, EDITOR).status_code == 302
    response = client.post("/admin/policy/2023-04-15", data={
        "reviewed_on": "2024-04-10", "outcome": "note", "note": "checked\x00", "next_review_date": "2025-04-15",
        "confirm": "record"})
    assert response.status_code == 422
    with any_app.app_context():
        assert db.session.query(Review).count() == 0


@pytest.mark.parametrize("jti", ["a\x00b", "\x00"])
def test_a_nul_in_a_jti_is_a_401_and_the_token_is_not_recorded(any_app, ehr_key, jti):
    response = hook(any_app, token(ehr_key, jti=jti))
    assert response.status_code == 401 and "jti" in response.get_json()["errors"]["authorization"]


def test_a_replayed_token_is_refused_by_every_worker(any_app, ehr_key):
    # a second app on the same database stands for a second gunicorn worker
    other = make_app(any_app.config["SQLALCHEMY_DATABASE_URI"], POLICY_PATH=BOTH, CRD_JWT_REQUIRED=True,
                     CRD_TRUSTED_ISSUERS=any_app.config["CRD_TRUSTED_ISSUERS"])
    bearer = token(ehr_key)
    assert hook(any_app, bearer).status_code == 200
    assert hook(other, bearer).status_code == 401
    assert hook(any_app, bearer).status_code == 401


def test_sign_in_attempts_sent_at_once_are_each_counted(any_app):
    from app.admin import accounts
    from app.admin.throttle import FREE, keys
    from app.extensions import db
    from app.storage.operations import AuditEntry, SignInFailures

    def guess(n):
        with any_app.test_request_context():
            try:
                return accounts.authenticate(EDITOR, f"wrong guess {n}", "192.0.2.9")
            finally:
                db.session.remove()
    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(guess, range(16))) == [None] * 16
    with any_app.test_request_context():
        found = keys(EDITOR, "192.0.2.9")
        assert db.session.get(SignInFailures, found["pair"]).failures == FREE["pair"]
        checked = db.session.query(AuditEntry).filter_by(actor=EDITOR, action="sign_in_failed").count()
        assert checked == FREE["pair"]  # the rest were refused before their passwords were checked


def test_views_of_one_check_at_the_same_moment_save_it_once(any_app):
    from app.extensions import db
    from app.storage.models import SavedDetermination
    from wizard_html import parse
    from wizard_paths import PATHS, at, start, walk
    client = any_app.test_client()
    start(client, "member")
    walk(client, PATHS["peer_support"])
    cookie, url = client.get_cookie("session").value, at(client) + "/result"

    def view(_n):
        replay = any_app.test_client()
        replay.set_cookie("session", cookie)
        page = replay.get(url).get_data(as_text=True)
        found = parse(page).find(class_="reference__number")
        assert found is not None, page[page.find("<main"):][:1500]
        return parse(page).find(class_="reference__number").text()
    with ThreadPoolExecutor(6) as pool:
        references = list(pool.map(view, range(12)))
    assert len(set(references)) == 1
    with any_app.app_context():
        assert db.session.query(SavedDetermination).count() == 1
