"""Hostile input to the API: Schemathesis from the OpenAPI document, and random JSON from Hypothesis.

Every response is 2xx or 4xx, never 5xx; nothing is saved for a rejected request.
"""
import json
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

from app.extensions import db
from app.storage import SavedDetermination
from conftest import make_app, upgrade

_folder = Path(tempfile.mkdtemp(prefix="coverage-check-fuzz-"))
APP = make_app(f"sqlite:///{_folder / 'fuzz.sqlite'}")
upgrade(APP)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_openapi_document(case):
    excluded = []
    if case.operation.path in ("/api/v1/determinations/{reference}", "/api/v1/determinations/lookup"):
        # a reference whose check symbol is wrong is answered 422, "check the reference number", by design:
        # the schema cannot express a check symbol, so a schema-valid string may still be refused
        excluded.append(positive_data_acceptance)
    if isinstance(case.body, dict) and isinstance(case.body.get("diagnosis_code"), str):
        # likewise a diagnosis_code the ICD-10-CM release lacks, or one that disagrees with the diagnosis, is a
        # 422 by design: the schema cannot list the release's codes
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)


def saved() -> int:
    with APP.app_context():
        return db.session.query(SavedDetermination).count()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)
FIELDS = ["diagnosis", "service", "credential", "state", "setting", "session", "group", "minutes", "delivery",
          "date_of_service", "audience", "language"]
answer_like = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), json_values, max_size=12)


@given(body=json_values | answer_like)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_json_is_answered_without_a_server_error_and_saved_only_when_accepted(body):
    client = APP.test_client()
    before = saved()
    response = client.post("/api/v1/determinations", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 422), response.status_code
    assert "errors" in response.get_json() or response.status_code == 200
    assert saved() == before + (1 if response.status_code == 200 else 0)


@given(raw=st.binary(max_size=512), content_type=st.sampled_from(["application/json", "text/plain", "", "application/x-www-form-urlencoded"]))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_bytes_are_refused_politely(raw, content_type):
    response = APP.test_client().post("/api/v1/determinations", data=raw, content_type=content_type)
    assert 200 <= response.status_code < 500


@given(reference=st.text(max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_references_are_a_404_or_a_422(reference):
    response = APP.test_client().get("/api/v1/determinations/" + reference.replace("/", "").replace("?", "").replace("#", ""))
    assert response.status_code in (200, 404, 422, 308)
