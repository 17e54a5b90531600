"""The JSON API: determinations, the policy, the OpenAPI document, and every error path."""
import json

import jsonschema
import pytest

VALID = {"diagnosis": "mental_health", "service": "coaching", "credential": "nbhwc", "state": "NY",
         "setting": "outpatient", "group": False, "session": "follow_up", "minutes": 45, "delivery": "in_person",
         "date_of_service": "2024-01-10"}


def post(client, body, **kwargs):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/v1/determinations", data=data,
                       content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def openapi_validator(client, name):
    document = client.get("/api/v1/openapi.json").get_json()
    return jsonschema.Draft202012Validator({**document, "$ref": f"#/components/schemas/{name}"})


def test_a_valid_request_gets_a_determination(client):
    response = post(client, VALID)
    assert response.status_code == 200
    body = response.get_json()
    assert body["outcome"] == "likely_covered"
    assert set(body) >= {"outcome", "reasons", "codes", "what_would_change", "warnings", "disclaimer", "policy"}
    assert body["codes"] == [{"system": "CPT", "code": "0592T",
                              "descriptor": "Health and well-being coaching face-to-face; individual, follow-up session, at least 30 mins",
                              "eligible": True, "listed": True, "units": 1}]
    assert body["policy"]["effective_date"] == "2023-04-15"
    assert all(r["citations"] for r in body["reasons"])


def test_the_api_sets_no_cookie(client):
    response = post(client, VALID)
    assert "Set-Cookie" not in response.headers


def test_the_api_needs_no_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    assert post(app.test_client(), VALID).status_code == 200


def test_the_audience_sets_the_register(client):
    provider = post(client, {**VALID, "audience": "provider"}).get_json()
    member = post(client, {**VALID, "audience": "member"}).get_json()
    assert "0592T" in provider["reasons"][5]["text"] and "0592T" not in member["reasons"][5]["text"]


def test_null_optional_answers_are_left_out(client):
    body = post(client, {**VALID, "setting": None, "minutes": None}).get_json()
    assert body["outcome"] == "needs_review"


@pytest.mark.parametrize("change, field", [
    ({"diagnosis": None}, "diagnosis"),
    ({"service": "massage"}, "service"),
    ({"credential": "NBHWC"}, "credential"),
    ({"state": "ZZ"}, "state"),
    ({"state": "ny"}, "state"),
    ({"setting": "home"}, "setting"),
    ({"session": "second"}, "session"),
    ({"group": "yes"}, "group"),
    ({"group": 1}, "group"),
    ({"minutes": 0}, "minutes"),
    ({"minutes": 481}, "minutes"),
    ({"minutes": 30.5}, "minutes"),
    ({"minutes": "30"}, "minutes"),
    ({"minutes": True}, "minutes"),
    ({"delivery": "mail"}, "delivery"),
    ({"date_of_service": "2023-02-30"}, "date_of_service"),
    ({"date_of_service": "15/04/2023"}, "date_of_service"),
    ({"date_of_service": "20230415"}, "date_of_service"),
    ({"audience": "public"}, "audience"),
    ({"language": "fr"}, "language"),
    ({"language": "ES"}, "language"),
    ({"language": ["es"]}, "language"),
    ({"member_name": "Ann"}, "member_name"),
])
def test_a_bad_field_is_a_422_that_names_it(client, change, field):
    body = {**VALID, **change}
    body = {k: v for k, v in body.items() if not (k in ("diagnosis",) and v is None)}
    response = post(client, body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert list(errors) == [field]
    assert errors[field] and "Traceback" not in errors[field]


def test_every_bad_field_is_named_at_once(client):
    response = post(client, {"service": "x", "minutes": -1, "state": "Atlantis", "language": "fr"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"diagnosis", "service", "credential", "state", "minutes", "language"}


@pytest.mark.parametrize("body", ["", "not json", "{", "[1, 2]", "\"text\"", "42", "null", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert "errors" in response.get_json()


def test_a_body_over_64_kb_is_a_413(client):
    response = post(client, {**VALID, "padding": "x" * (64 * 1024)})
    assert response.status_code == 413
    assert "errors" in response.get_json()


def test_a_wrong_method_is_a_json_405(client):
    response = client.get("/api/v1/determinations")
    assert response.status_code == 405
    assert "errors" in response.get_json()


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and "errors" in response.get_json()


def test_the_policy_is_served_as_data(client, policy):
    body = client.get("/api/v1/policies/A015").get_json()
    assert body["id"] == "A015" and body["effective_date"] == "2023-04-15"
    anchors = json.dumps(body)
    for anchor in policy.sentences:
        assert f'"{anchor}"' in anchors
    assert {c["code"] for c in body["codes"]} == {"0591T", "0592T", "0593T", "H0038"}


def test_the_policys_code_table_never_says_a_code_it_does_not_print_is_not_eligible(client):
    for url in ("/api/v1/policies/A015", "/api/v1/policies/A015/versions/2023-04-15"):
        body = client.get(url).get_json()
        openapi_validator(client, "Policy").validate(body)
        table = {c["code"]: (c["listed"], c["eligible"]) for c in body["codes"]}
        assert table == {"0591T": (True, True), "0592T": (True, True), "H0038": (True, True), "0593T": (False, None)}


@pytest.mark.parametrize("service, fields", [
    ("coaching", {}),
    ("coaching", {"session": None, "minutes": 10}),
    ("coaching", {"group": None, "session": None, "minutes": 45}),
    ("peer_support", {"credential": "certified_peer", "session": None, "group": None, "minutes": 60}),
])
def test_before_the_policy_is_in_effect_no_code_line_is_said_eligible_or_not(client, service, fields):
    body = {**VALID, "service": service, "date_of_service": "2023-04-14", **fields}
    shown = post(client, {k: v for k, v in body.items() if v is not None}).get_json()
    openapi_validator(client, "Determination").validate(shown)
    date = next(r for r in shown["reasons"] if r["id"].startswith("date_of_service"))
    assert date["status"] == "unknown"
    assert shown["codes"] and all(line["eligible"] is None for line in shown["codes"])


def test_an_unknown_policy_is_a_404(client):
    response = client.get("/api/v1/policies/B999")
    assert response.status_code == 404 and "policy_id" in response.get_json()["errors"]


def test_the_openapi_document_is_3_1_and_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Answers"])


@pytest.mark.parametrize("body", [
    VALID,
    {**VALID, "diagnosis": "none", "audience": "agent"},
    {**VALID, "group": True, "session": None},
    {"diagnosis": "unknown", "service": "peer_support", "credential": "unknown", "state": "GU", "minutes": 50},
    {**VALID, "language": "es", "audience": "provider"},
    {**VALID, "language": None},
])
def test_real_responses_match_the_openapi_document(client, body):
    openapi_validator(client, "Answers").validate(body)
    response = post(client, body)
    assert response.status_code == 200
    openapi_validator(client, "Determination").validate(response.get_json())


def test_error_responses_match_the_openapi_document(client):
    validator = openapi_validator(client, "Errors")
    for response in (post(client, {"service": "x"}), post(client, "nope"), client.get("/api/v1/policies/X")):
        validator.validate(response.get_json())
    document = client.get("/api/v1/openapi.json").get_json()
    assert set(document["paths"]["/api/v1/determinations"]["post"]["responses"]) == {"200", "400", "413", "415", "422"}


def test_the_openapi_answers_schema_rejects_what_the_api_rejects(client):
    validator = openapi_validator(client, "Answers")
    for change in ({"state": "ZZ"}, {"minutes": 0}, {"extra": 1}, {"group": "yes"}, {"language": "fr"}):
        assert not validator.is_valid({**VALID, **change})
        assert post(client, {**VALID, **change}).status_code == 422


def test_the_policys_age_is_a_top_level_field_after_the_review_date(client):
    late = post(client, {**VALID, "date_of_service": "2025-06-01"}).get_json()
    assert late["policy_age"]["overdue_for_review"] is True
    assert late["policy_age"]["next_review_date"] == "2024-04-15"
    assert "due for review on April 15, 2024" in late["policy_age"]["text"]
    assert post(client, VALID).get_json()["policy_age"] is None


@pytest.mark.parametrize("detail", ["setting", "session", "group", "minutes", "delivery"])
def test_a_detail_left_out_null_or_unknown_gives_the_same_determination(client, detail):
    bodies = [{k: v for k, v in VALID.items() if k != detail}, {**VALID, detail: None}, {**VALID, detail: "unknown"}]
    shown = []
    for body in bodies:
        got = post(client, body).get_json()
        got.pop("reference")
        shown.append(got)
    assert shown[0] == shown[1] == shown[2]


def test_every_determination_says_what_the_purpose_says(client):
    notes = {n["id"]: n for n in post(client, VALID).get_json()["notes"]}
    assert notes["not_treatment_advice"]["citations"][0]["anchor"] == "purpose-5"
    assert notes["what_decides"]["citations"][0]["anchor"] == "purpose-3"
