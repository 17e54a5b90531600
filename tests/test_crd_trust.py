"""Who may call the hooks: the EHR's JWT, checked against the issuer's keys on disk (CDS Hooks 2.0)."""
import json
import logging
import shutil
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from crd_checks import ERROR_SCHEMA, check_response, load
from conftest import make_app
import jsonschema

ISSUER = "https://ehr.example.org"
SERVICE = "/cds-services/a015-appointment-book"
AUDIENCE = "http://localhost" + SERVICE  # the URL the test client calls


def jwks(public_key, kid: str) -> dict:
    key = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    return {"keys": [{**key, "kid": kid, "use": "sig", "alg": "ES384"}]}


@pytest.fixture(scope="module")
def ehr_key():
    return ec.generate_private_key(ec.SECP384R1())


@pytest.fixture
def app(tmp_path, migrated_sqlite, ehr_key):
    keys = tmp_path / "ehr-jwks.json"
    keys.write_text(json.dumps(jwks(ehr_key.public_key(), "ehr-1")))
    path = tmp_path / "trust.sqlite"
    shutil.copy(migrated_sqlite, path)
    # an absolute path stands for itself; a bare file name is read from instance/
    return make_app(f"sqlite:///{path}", CRD_JWT_REQUIRED=True, CRD_TRUSTED_ISSUERS={ISSUER: str(keys)})


def token(key, *, kid="ehr-1", alg="ES384", **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "client-1", "aud": AUDIENCE, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
    body.update(claims)
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm=alg, headers={"kid": kid})


def post(client, bearer: str | None):
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    return client.post(SERVICE, json=load("appointment-book-a015.json"), headers=headers)


def refused(response, words: str):
    assert response.status_code == 401, response.get_json()
    body = response.get_json()
    jsonschema.validate(body, ERROR_SCHEMA)
    assert words in body["errors"]["authorization"]


def test_a_good_token_is_answered(client, ehr_key):
    response = post(client, token(ehr_key))
    assert response.status_code == 200
    assert check_response(response.get_json())


def test_aud_may_be_a_list_holding_this_service(client, ehr_key):
    assert post(client, token(ehr_key, aud=[AUDIENCE, "https://other.example"])).status_code == 200


def test_an_expired_token_is_refused(client, ehr_key):
    long_ago = int(time.time()) - 3600
    refused(post(client, token(ehr_key, iat=long_ago - 300, exp=long_ago)), "expired")


def test_a_token_for_another_service_is_refused(client, ehr_key):
    refused(post(client, token(ehr_key, aud="https://elsewhere.example/cds-services/x")), "aud")


def test_an_unknown_issuer_is_refused(client, ehr_key):
    refused(post(client, token(ehr_key, iss="https://stranger.example")), "not trusted")


def test_a_replayed_jti_is_refused(client, ehr_key):
    bearer = token(ehr_key)
    assert post(client, bearer).status_code == 200
    refused(post(client, bearer), "used already")


def test_a_token_signed_by_another_key_is_refused(client):
    refused(post(client, token(ec.generate_private_key(ec.SECP384R1()))), "signature")


def test_a_key_id_the_issuer_does_not_have_is_refused(client, ehr_key):
    refused(post(client, token(ehr_key, kid="ehr-2")), "kid")


def test_a_shared_secret_token_is_refused(client):
    refused(post(client, token("a-shared-secret-of-enough-length-here", alg="HS256")), "algorithm")


def test_a_token_without_jti_is_refused(client, ehr_key):
    refused(post(client, token(ehr_key, jti=None)), "jti")


def test_a_token_living_for_a_day_is_refused(client, ehr_key):
    now = int(time.time())
    refused(post(client, token(ehr_key, iat=now, exp=now + 86400)), "too long")


def test_no_token_is_refused_before_the_body_is_read(client):
    refused(post(client, None), "Authorization")
    refused(post(client, "not-a-jwt"), "not a JWT")


def test_discovery_needs_no_token(client):
    assert client.get("/cds-services").status_code == 200


def test_an_rsa_issuer_works_too(tmp_path, migrated_sqlite):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    (tmp_path / "rsa.json").write_text(json.dumps({"keys": [{**jwk, "kid": "r1"}]}))
    shutil.copy(migrated_sqlite, tmp_path / "rsa.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'rsa.sqlite'}", CRD_TRUSTED_ISSUERS=f"{ISSUER}={tmp_path / 'rsa.json'}",
                   CRD_AUDIENCE="https://payer.example.org/cds-services")
    bearer = token(key, kid="r1", alg="RS384", aud="https://payer.example.org/cds-services/a015-appointment-book")
    assert post(app.test_client(), bearer).status_code == 200


def test_turning_tokens_off_is_said_loudly_at_start_up(tmp_path, migrated_sqlite, caplog):
    shutil.copy(migrated_sqlite, tmp_path / "off.sqlite")
    with caplog.at_level(logging.WARNING, logger="coverage_check.crd"):
        make_app(f"sqlite:///{tmp_path / 'off.sqlite'}", CRD_JWT_REQUIRED=False)
    assert "CRD_JWT_REQUIRED is false" in caplog.text


def test_a_missing_key_file_refuses_that_issuer_and_says_why_at_start_up(tmp_path, migrated_sqlite, caplog, ehr_key):
    shutil.copy(migrated_sqlite, tmp_path / "nokeys.sqlite")
    with caplog.at_level(logging.ERROR, logger="coverage_check.crd"):
        app = make_app(f"sqlite:///{tmp_path / 'nokeys.sqlite'}", CRD_TRUSTED_ISSUERS={ISSUER: "no-such-file.json"})
    assert "cannot read the keys" in caplog.text
    refused(post(app.test_client(), token(ehr_key)), "not trusted")


def test_a_replay_to_another_worker_is_refused(app, ehr_key):
    # a second app on the same database stands for a second gunicorn worker
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], CRD_TRUSTED_ISSUERS=app.config["CRD_TRUSTED_ISSUERS"])
    bearer = token(ehr_key)
    assert post(app.test_client(), bearer).status_code == 200
    refused(post(other.test_client(), bearer), "used already")


def test_the_process_remembers_tokens_while_the_database_cannot(monkeypatch, app):
    from sqlalchemy.exc import OperationalError

    from app.crd.replay import DatabaseSeenTokens
    from app.extensions import db
    store = DatabaseSeenTokens()

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    with app.app_context():
        monkeypatch.setattr(db.session, "execute", broken)
        expires = time.time() + 300
        assert store.first_use(ISSUER, "j-1", expires) is True
        assert store.first_use(ISSUER, "j-1", expires) is False
