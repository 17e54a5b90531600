"""The API's diagnosis_code: an ICD-10-CM code instead of, or with, the diagnosis answer."""
import pytest
from test_api import VALID, openapi_validator, post

WITHOUT_DIAGNOSIS = {k: v for k, v in VALID.items() if k != "diagnosis"}


@pytest.mark.parametrize("code, diagnosis", [("F32.9", "mental_health"), ("f10.20", "substance_use"),
                                             ("O99.320", "substance_use"), ("Z00.00", "unknown")])
def test_a_code_alone_gives_the_diagnosis(client, code, diagnosis):
    body = {**WITHOUT_DIAGNOSIS, "diagnosis_code": code}
    openapi_validator(client, "Answers").validate(body)
    response = post(client, body)
    assert response.status_code == 200
    shown = response.get_json()
    openapi_validator(client, "Determination").validate(shown)
    assert shown["answers"]["diagnosis"] == diagnosis
    assert shown["diagnosis_code"]["code"] == code.upper()
    assert shown["diagnosis_code"]["name"] and "A015 names no diagnosis codes" in shown["diagnosis_code"]["policy_note"]


def test_a_code_with_an_agreeing_diagnosis_keeps_the_diagnosis(client):
    response = post(client, {**VALID, "diagnosis": "both", "diagnosis_code": "F10.20"})
    assert response.status_code == 200 and response.get_json()["answers"]["diagnosis"] == "both"


def test_a_category_code_is_used_and_said_not_billable(client):
    shown = post(client, {**WITHOUT_DIAGNOSIS, "diagnosis_code": "F32"}).get_json()
    assert shown["diagnosis_code"]["billable"] is False and "not a billable code" in shown["diagnosis_code"]["note"]


@pytest.mark.parametrize("body, words", [
    ({**VALID, "diagnosis": "none", "diagnosis_code": "F32.9"}, "does not agree"),
    ({**VALID, "diagnosis": "substance_use", "diagnosis_code": "F32.9"}, "does not agree"),
    ({**WITHOUT_DIAGNOSIS, "diagnosis_code": "X99.99"}, "not an ICD-10-CM code"),
    ({**WITHOUT_DIAGNOSIS, "diagnosis_code": 42}, "Enter an ICD-10-CM code"),
])
def test_a_bad_or_contradicting_code_is_a_422_naming_diagnosis_code(client, body, words):
    response = post(client, body)
    assert response.status_code == 422
    assert words in response.get_json()["errors"]["diagnosis_code"]


def test_neither_diagnosis_nor_code_is_still_a_422(client):
    response = post(client, WITHOUT_DIAGNOSIS)
    assert response.status_code == 422 and "diagnosis" in response.get_json()["errors"]
    assert not openapi_validator(client, "Answers").is_valid(WITHOUT_DIAGNOSIS)


def test_the_code_is_not_saved_with_the_determination(client):
    shown = post(client, {**WITHOUT_DIAGNOSIS, "diagnosis_code": "F32.9"}).get_json()
    saved = client.get(f"/api/v1/determinations/{shown['reference']}").get_json()
    assert "F32.9" not in str(saved)


def test_a_diagnosis_of_the_wrong_type_is_not_hidden_by_a_code(client):
    response = post(client, {**VALID, "diagnosis": 5, "diagnosis_code": "F32.9"})
    assert response.status_code == 422 and "diagnosis" in response.get_json()["errors"]


@pytest.mark.parametrize("given", ["none", "mental_health", "both", "unknown"])
def test_a_code_in_neither_group_beside_an_answer_leaves_the_answer_as_it_is_and_never_disagrees(client, given):
    response = post(client, {**VALID, "diagnosis": given, "diagnosis_code": "R45.851"})
    assert response.status_code == 200, response.get_json()
    shown = response.get_json()
    openapi_validator(client, "Determination").validate(shown)
    assert shown["answers"]["diagnosis"] == given
    assert shown["diagnosis_code"]["code"] == "R45.851" and shown["diagnosis_code"]["diagnosis"] == "unknown"


def test_a_code_in_neither_group_alone_leaves_the_diagnosis_for_review_never_not_covered(client):
    shown = post(client, {**WITHOUT_DIAGNOSIS, "diagnosis_code": "Z71.41"}).get_json()
    assert shown["answers"]["diagnosis"] == "unknown" and shown["outcome"] == "needs_review"
    reason = next(r for r in shown["reasons"] if r["id"].startswith("diagnosis"))
    assert reason["status"] == "unknown"
    assert "the policy names no codes" in shown["diagnosis_code"]["note"]
