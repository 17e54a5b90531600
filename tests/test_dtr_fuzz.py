"""Hostile bodies for the DTR operations: the guide-shaped requests with any one value replaced, random JSON,
random bytes, the wrong media type, bodies too deep or too large.

Every answer is a 200 (and valid FHIR, as DTR shapes it) or a 4xx OperationOutcome; never a 5xx or a traceback.
"""
import copy
import json
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from dtr_checks import FHIR_JSON, NEXT, PACKAGE, check_package, check_response, load, walk
from hypothesis import HealthCheck, given, settings
from hostile import json_values, paths

from conftest import make_app, upgrade

_folder = Path(tempfile.mkdtemp(prefix="coverage-check-dtr-fuzz-"))
APP = make_app(f"sqlite:///{_folder / 'fuzz.sqlite'}", DTR_JWT_REQUIRED=False)
upgrade(APP)
CLIENT = APP.test_client()
START = load("next-question-a015-start.json")
_prefilled = json.loads(CLIENT.post(PACKAGE, data=json.dumps(load("questionnaire-package-a015.json")),
                                    content_type=FHIR_JSON).data)["parameter"][0]["resource"]["entry"][1]["resource"]
_asked = json.loads(CLIENT.post(NEXT, data=json.dumps(START["parameter"][0]["resource"]), content_type=FHIR_JSON).data)
_completed, _ = walk(CLIENT, _prefilled, {})
EXAMPLES = {
    "package": (PACKAGE, load("questionnaire-package-a015.json")),
    "package of an appointment": (PACKAGE, load("questionnaire-package-appointment-a015.json")),
    "the first question": (NEXT, START),
    "a question asked": (NEXT, _asked),
    "a pre-filled response": (NEXT, {"resourceType": "Parameters", "parameter": [
        {"name": "questionnaire-response", "resource": _prefilled}]}),
    "a completed response": (NEXT, _completed),
}
PLACES = {name: [p for p in paths(body) if p] for name, (_url, body) in EXAMPLES.items()}


def answered(response, url):
    assert response.status_code in (200, 400, 413, 415, 422), (response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == FHIR_JSON
    body = response.get_json()
    if response.status_code != 200:
        assert body["resourceType"] == "OperationOutcome" and body["issue"][0]["severity"] == "error"
    elif url == PACKAGE:
        check_package(body)
    elif body["resourceType"] == "Parameters":
        check_response(body["parameter"][0]["resource"], sent_context=False)
    else:
        check_response(body, sent_context=False)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(sorted(EXAMPLES)), data=st.data(), value=json_values)
def test_any_one_value_replaced_is_answered_or_refused(name, data, value):
    url, body = EXAMPLES[name]
    body = copy.deepcopy(body)
    *parents, last = data.draw(st.sampled_from(PLACES[name]))
    holder = body
    for key in parents:
        holder = holder[key]
    holder[last] = value
    answered(CLIENT.post(url, data=json.dumps(body), content_type=FHIR_JSON), url)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(url=st.sampled_from([PACKAGE, NEXT]), body=json_values)
def test_random_json_is_refused(url, body):
    response = CLIENT.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (400, 422)
    answered(response, url)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(url=st.sampled_from([PACKAGE, NEXT]), raw=st.binary(max_size=200),
       media=st.sampled_from([FHIR_JSON, "application/json", "text/plain", "application/x-www-form-urlencoded",
                              "application/fhir+xml"]))
def test_random_bytes_are_refused(url, raw, media):
    response = CLIENT.post(url, data=raw, content_type=media)
    assert response.status_code in ((400, 422) if media in (FHIR_JSON, "application/json") else (415,))
    answered(response, url)


def test_a_body_nested_too_deeply_is_refused_before_it_is_parsed():
    response = CLIENT.post(NEXT, data="[" * 5000 + "]" * 5000, content_type=FHIR_JSON)
    assert response.status_code == 400 and "nested too deeply" in response.get_json()["issue"][0]["diagnostics"]


def test_a_body_too_large_is_a_413_operation_outcome():
    body = copy.deepcopy(START)
    body["parameter"][0]["resource"]["text"] = {"status": "generated", "div": "<div>" + "x" * 300_000 + "</div>"}
    response = CLIENT.post(NEXT, data=json.dumps(body), content_type=FHIR_JSON)
    assert response.status_code == 413 and response.mimetype == FHIR_JSON
    assert "256 KB" in response.get_json()["issue"][0]["diagnostics"]


def test_a_completed_response_goes_back_within_the_limits():
    sent = json.dumps({"resourceType": "Parameters", "parameter": [{"name": "in", "resource": _completed}]})
    assert len(sent.encode()) < APP.config["DTR_MAX_CONTENT_LENGTH"] / 2
    answered(CLIENT.post(NEXT, data=sent, content_type=FHIR_JSON), NEXT)


def test_an_unknown_path_or_method_under_fhir_is_an_operation_outcome():
    for response in (CLIENT.get("/fhir/Patient/123"), CLIENT.put(NEXT), CLIENT.get(PACKAGE)):
        assert response.status_code in (404, 405) and response.mimetype == FHIR_JSON
        assert response.get_json()["resourceType"] == "OperationOutcome"
