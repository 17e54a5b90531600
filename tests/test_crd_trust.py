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
                   PUBLIC_BASE_URL="https://payer.example.org")
    bearer = token(key, kid="r1", alg="RS384", aud="https://payer.example.org/cds-services/a015-appointment-book")
    assert post(app.test_client(), bearer).status_code == 200
    # the same key named for an EC algorithm is refused, not a server error
    refused(post(app.test_client(), token(key, kid="r1", alg="RS384",
                                          aud="https://payer.example.org/cds-services")), "aud")


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


def test_a_replay_check_that_cannot_be_made_refuses_the_call(monkeypatch, app, ehr_key):
    from sqlalchemy.exc import OperationalError

    from app.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    bearer = token(ehr_key)
    with app.app_context():
        monkeypatch.setattr(db.engine, "raw_connection", broken)  # where the replay store is written, each try
        response = post(app.test_client(), bearer)
    # never let through on one worker's word: the same token would pass once on every other worker
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "cannot be checked" in response.get_json()["errors"]["authorization"]
    monkeypatch.undo()
    assert post(app.test_client(), bearer).status_code == 200  # it was never recorded: now it is, once
    refused(post(app.test_client(), bearer), "used already")


# --- a token for another service, whatever the Host header says (issue 17, finding 1) -----------

def test_a_token_for_the_host_the_request_names_is_refused(client, ehr_key):
    forged = "http://evil.example" + SERVICE
    response = client.post(SERVICE, json=load("appointment-book-a015.json"), base_url="http://evil.example",
                           headers={"Authorization": f"Bearer {token(ehr_key, aud=forged)}"})
    refused(response, "aud")


def test_a_token_for_the_discovery_endpoint_is_not_one_for_a_service(client, ehr_key):
    refused(post(client, token(ehr_key, aud="http://localhost/cds-services")), "aud")


def test_the_card_links_come_from_the_configured_address_not_the_host(client, ehr_key):
    response = client.post(SERVICE, json=load("appointment-book-a015.json"), base_url="http://evil.example",
                           headers={"Authorization": f"Bearer {token(ehr_key)}"})
    assert response.status_code == 200
    links = [link["url"] for card in response.get_json()["cards"] for link in card.get("links", [])]
    assert links and all(url.startswith("http://localhost/") for url in links)
    assert "evil.example" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["", "ftp://payer.example.org", "https://", "https://user:pw@payer.example.org",
                                 "https://payer.example.org/?x=1", "https://payer.example.org/#top",
                                 "https://payer.example.org:port", "https://payer.example.org/a b"])
def test_the_app_will_not_start_without_a_usable_public_address(tmp_path, url):
    from app.security import InsecureConfiguration
    with pytest.raises(InsecureConfiguration, match="PUBLIC_BASE_URL"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CRD_JWT_REQUIRED=True, PUBLIC_BASE_URL=url)


def test_the_old_audience_setting_is_named_at_start_up(tmp_path):
    from app.security import InsecureConfiguration
    with pytest.raises(InsecureConfiguration, match="CRD_AUDIENCE is no longer read: set PUBLIC_BASE_URL"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CRD_AUDIENCE="https://payer.example.org/cds-services")


def test_without_tokens_the_public_address_may_be_left_out(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "open.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'open.sqlite'}", CRD_JWT_REQUIRED=False, DTR_JWT_REQUIRED=False,
                   PUBLIC_BASE_URL="")
    assert app.test_client().post(SERVICE, json=load("appointment-book-a015.json")).status_code == 200


def test_checked_dtr_tokens_need_the_public_address_too(tmp_path):
    from app.security import InsecureConfiguration
    with pytest.raises(InsecureConfiguration, match="PUBLIC_BASE_URL must be set while DTR_JWT_REQUIRED is true"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CRD_JWT_REQUIRED=False, PUBLIC_BASE_URL="")


# --- no 500 from any token (findings 6 and 7) ----------------------------------------------------

def test_an_algorithm_of_the_other_key_family_is_refused(client, ehr_key):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused(post(client, token(rsa_key, alg="RS384")), "not a key for RS384")
    refused(post(client, token(rsa_key, alg="PS256")), "not a key for PS256")


def test_an_ec_algorithm_of_another_curve_is_refused(client):
    refused(post(client, token(ec.generate_private_key(ec.SECP256R1()), alg="ES256")), "not a key for ES256")


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf"])
@pytest.mark.parametrize("value", ["numeric string", True, None, 1e300, [1], {"n": 1}, -5])
def test_times_that_are_not_numbers_are_refused(client, ehr_key, claim, value):
    now = int(time.time())
    value = str(now + 60) if value == "numeric string" else value
    bearer = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4()),
                         claim: value}, ehr_key, algorithm="ES384", headers={"kid": "ehr-1"})
    refused(post(client, bearer), claim)


def test_times_of_infinity_and_nan_are_refused(client, ehr_key):
    import base64
    for text in ("Infinity", "NaN", "1e400"):
        header = base64.urlsafe_b64encode(b'{"alg":"ES384","kid":"ehr-1","typ":"JWT"}').rstrip(b"=")
        body = base64.urlsafe_b64encode(f'{{"iss":"{ISSUER}","aud":"{AUDIENCE}","iat":{text},"exp":1,"jti":"x"}}'
                                        .encode()).rstrip(b"=")
        response = post(client, (header + b"." + body + b".c2ln").decode())
        assert response.status_code == 401, text


def test_a_token_nested_past_the_recursion_limit_is_refused(client):
    import base64
    header = base64.urlsafe_b64encode(b'{"alg":"ES384","kid":"ehr-1"}').rstrip(b"=")
    body = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).rstrip(b"=")
    refused(post(client, (header + b"." + body + b".c2ln").decode()), "not a JWT")


@pytest.mark.parametrize("jti", ["", "   ", "a\x00b", "line\nbreak", 7, ["x"], "j" * 256])
def test_a_jti_that_is_not_a_printable_string_is_refused(client, ehr_key, jti):
    refused(post(client, token(ehr_key, jti=jti)), "jti")


def test_a_token_issued_in_the_future_is_refused(client, ehr_key):
    later = int(time.time()) + 600
    refused(post(client, token(ehr_key, iat=later, exp=later + 300)), "iat")


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
def test_the_bearer_scheme_is_read_in_any_case(client, ehr_key, scheme):
    response = client.post(SERVICE, json=load("appointment-book-a015.json"),
                           headers={"Authorization": f"{scheme} {token(ehr_key)}"})
    assert response.status_code == 200


def test_another_scheme_is_refused(client, ehr_key):
    response = client.post(SERVICE, json=load("appointment-book-a015.json"),
                           headers={"Authorization": f"Basic {token(ehr_key)}"})
    refused(response, "Bearer")
