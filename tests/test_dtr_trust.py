"""Who may call the DTR operations: the EHR's JWT, checked as the CDS Hooks service checks it (app/crd/trust.py),
its aud the URL of the operation called; every refusal a 401 OperationOutcome."""
import json
import logging
import shutil
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from dtr_checks import FHIR_JSON, NEXT, PACKAGE, load

from conftest import make_app

ISSUER = "https://ehr.example.org"


@pytest.fixture(scope="module")
def ehr_key():
    return ec.generate_private_key(ec.SECP384R1())


def keys_file(tmp_path, key) -> str:
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    path = tmp_path / "ehr-jwks.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": "ehr-1", "use": "sig", "alg": "ES384"}]}))
    return str(path)


@pytest.fixture
def app(tmp_path, migrated_sqlite, ehr_key):
    shutil.copy(migrated_sqlite, tmp_path / "trust.sqlite")
    return make_app(f"sqlite:///{tmp_path / 'trust.sqlite'}", CRD_TRUSTED_ISSUERS={ISSUER: keys_file(tmp_path, ehr_key)})


@pytest.fixture
def client(app):
    return app.test_client()


def token(key, aud="http://localhost" + NEXT, **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "ehr-client", "aud": aud, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4()),
            **claims}
    return jwt.encode(body, key, algorithm="ES384", headers={"kid": "ehr-1"})


def ask(client, bearer=None, url=NEXT, body=None):
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    body = body or load("next-question-a015-start.json")
    return client.post(url, data=json.dumps(body), content_type=FHIR_JSON, headers=headers)


def refused(response, words: str):
    assert response.status_code == 401 and response.mimetype == FHIR_JSON
    (issue,) = response.get_json()["issue"]
    assert issue["code"] == "security" and words in issue["diagnostics"]


def test_a_token_for_this_operation_is_answered(client, ehr_key):
    assert ask(client, token(ehr_key)).status_code == 200
    package = ask(client, token(ehr_key, aud="http://localhost" + PACKAGE), PACKAGE, load("questionnaire-package-a015.json"))
    assert package.status_code == 200


def test_no_token_or_not_a_jwt_is_refused(client):
    refused(ask(client), "Authorization")
    refused(ask(client, "not-a-jwt"), "not a JWT")


def test_a_token_for_another_endpoint_is_refused(client, ehr_key):
    refused(ask(client, token(ehr_key, aud="http://localhost" + PACKAGE)), "aud")
    refused(ask(client, token(ehr_key, aud="http://localhost/cds-services/a015-order-sign")), "aud")


def test_an_expired_or_replayed_token_is_refused(client, ehr_key):
    past = int(time.time()) - 3600
    refused(ask(client, token(ehr_key, iat=past - 300, exp=past)), "expired")
    bearer = token(ehr_key)
    assert ask(client, bearer).status_code == 200
    refused(ask(client, bearer), "used already")


def test_a_token_from_an_issuer_not_trusted_is_refused(client, ehr_key):
    refused(ask(client, token(ehr_key, iss="https://stranger.example")), "not trusted")


def test_the_configured_address_is_the_audience_and_the_canonicals_base(tmp_path, migrated_sqlite, ehr_key):
    shutil.copy(migrated_sqlite, tmp_path / "proxy.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'proxy.sqlite'}", CRD_TRUSTED_ISSUERS={ISSUER: keys_file(tmp_path, ehr_key)},
                   PUBLIC_BASE_URL="https://payer.example.org")
    client = app.test_client()
    body = load("next-question-a015-start.json")
    # the canonicals are the public ones too
    body["parameter"][0]["resource"]["contained"][0]["derivedFrom"] = [
        "https://payer.example.org/fhir/Questionnaire/a015|2023-04-15"]
    bearer = token(ehr_key, aud="https://payer.example.org/fhir/Questionnaire/$next-question")
    assert ask(client, bearer, body=body).status_code == 200
    refused(ask(client, token(ehr_key, aud="https://payer.example.org/fhir/Questionnaire/$other")), "aud")


def test_reading_the_questionnaire_needs_no_token(client):
    assert client.get("/fhir/Questionnaire/a015").status_code == 200


def test_turning_tokens_off_is_said_loudly_at_start_up(tmp_path, migrated_sqlite, caplog):
    shutil.copy(migrated_sqlite, tmp_path / "off.sqlite")
    with caplog.at_level(logging.WARNING, logger="coverage_check.dtr"):
        make_app(f"sqlite:///{tmp_path / 'off.sqlite'}", DTR_JWT_REQUIRED=False)
    assert "DTR_JWT_REQUIRED is false" in caplog.text


def test_a_token_minted_for_the_host_a_request_names_is_refused(client, ehr_key):
    # the aud is this service's configured address (PUBLIC_BASE_URL), never the Host header a caller chose
    bearer = token(ehr_key, aud="http://evil.example" + NEXT)
    response = client.post(NEXT, data=json.dumps(load("next-question-a015-start.json")), content_type=FHIR_JSON,
                           headers={"Authorization": f"Bearer {bearer}", "Host": "evil.example"})
    refused(response, "aud")
