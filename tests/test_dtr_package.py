"""$questionnaire-package with the DTR guide's input Parameters, and the whole way an office's EHR goes: a
conditional CRD answer naming the questionnaire, its package pre-filled from the order, the questions the
order left open, and the determination, without leaving the EHR."""
import copy
import shutil

import pytest
from crd_checks import check_response as check_hook_answer
from crd_checks import coverage_information, load as load_crd, parts
from dtr_checks import (CANONICAL, FHIR_JSON, NEXT, ORIGIN, PACKAGE, answers_of, check_package, check_profile, contained,
                        load, next_asked, post, walk)

from app.crd.fhir_answers import Resources, map_request
from conftest import make_app


@pytest.fixture
def client(tmp_path, migrated_sqlite):
    path = tmp_path / "dtr.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", DTR_JWT_REQUIRED=False, CRD_JWT_REQUIRED=False).test_client()


def package(client, body) -> list[dict]:
    response = post(client, PACKAGE, body)
    assert response.status_code == 200 and response.mimetype == FHIR_JSON, response.get_json()
    return response.get_json()


def outcome_of(parameters: dict) -> list[dict]:
    return [i for p in parameters["parameter"] if p["name"] == "outcome" for i in p["resource"]["issue"]]


def only_response(parameters: dict) -> dict:
    (bundle,) = check_package(parameters)
    return bundle["entry"][1]["resource"]


def test_the_guides_own_example_asks_for_nothing_a015_covers_and_says_so(client):
    parameters = package(client, load("QuestionnairePackageInputParamsExample.json"))
    assert check_package(parameters) == []
    said = outcome_of(parameters)
    assert [i["severity"] for i in said] == ["information", "warning", "information"]
    assert ("ServiceRequest/ServiceRequestExample is not coded with a service A015 lists or names "
            "(CPT 0591T, 0592T, 0593T or HCPCS H0038)") in said[0]["diagnostics"]
    assert "home-o2-std-questionnaire is not a questionnaire of this service" in said[1]["diagnostics"]


def test_an_a015_order_gets_its_versions_questionnaire_and_a_response_prefilled_as_crd_reads_it(client):
    body = load("questionnaire-package-a015.json")
    parameters = package(client, body)
    (bundle,) = check_package(parameters)
    questionnaire, response = (e["resource"] for e in bundle["entry"])
    assert questionnaire["version"] == "2023-04-15"  # the order's date, 2024-03-01, is under the first version
    resources = [p["resource"] for p in body["parameter"]]
    order = next(r for r in resources if r["resourceType"] == "ServiceRequest")
    mapped = map_request(order, Resources(resources)).answers
    given = answers_of(response)
    # the same mapping as CRD's, in the wizard's terms: only what it knows, the rest left to be asked
    assert given == {"diagnosis": mapped["diagnosis"], "service": "coaching", "credential": mapped["credential"],
                     "state": "MA", "setting": "outpatient", "group": "individual", "session": "follow_up",
                     "minutes": 30, "delivery": "in_person", "date_of_service": "2024-03-01"}
    assert all(item["answer"][0]["extension"][0]["url"] == ORIGIN for item in response["item"])
    contexts = [e["valueReference"]["reference"] for e in response["extension"] if e["url"].endswith("qr-context")]
    assert contexts == ["Coverage/CoverageExample", "ServiceRequest/coach-follow-up"]
    assert response["subject"] == {"reference": "Patient/examplepatient"} and response["status"] == "in-progress"
    assert "outcome" not in [p["name"] for p in parameters["parameter"]]
    check_profile(response, order_sent=True)


def test_an_initial_coaching_appointment_is_not_asked_its_length(client):
    response = only_response(package(client, load("questionnaire-package-appointment-a015.json")))
    given = answers_of(response)
    assert given["session"] == "initial" and "minutes" not in given  # a first visit has no minimum length
    assert "minutes" not in [i["linkId"] for i in contained(response)["item"]]


def test_what_the_order_does_not_say_is_asked_not_filled_in(client):
    body = load("questionnaire-package-a015.json")
    body["parameter"] = [p for p in body["parameter"] if p["name"] != "referenced"]  # no performer's resources
    given = answers_of(only_response(package(client, body)))
    assert "credential" not in given and "state" not in given and given["service"] == "coaching"


def _canonical_alone(body):
    body["parameter"] = [body["parameter"][0], {"name": "questionnaire", "valueCanonical": f"{CANONICAL}|2023-04-15"}]


def _context_alone(body):
    body["parameter"] = [body["parameter"][0], {"name": "context", "valueString": "BT5J-6Y6H-D72M"}]


@pytest.mark.parametrize("change", [_canonical_alone, _context_alone], ids=["canonical alone", "context alone"])
def test_with_nothing_to_pre_fill_the_response_asks_the_first_question_and_conforms_to_dtr(client, change):
    body = load("questionnaire-package-a015.json")
    change(body)
    response = only_response(package(client, body))
    (question,) = contained(response)["item"]
    assert question["linkId"] == "diagnosis"  # the first question the flow asks
    assert response["item"] == [{"linkId": "diagnosis", "text": question["text"]}]  # to be answered: item 1..*
    check_profile(response, order_sent=False)  # a Coverage, and no order to name
    assert response["subject"] == {"reference": "Patient/examplepatient"}  # subject 1..1, from the Coverage


@pytest.mark.parametrize("change", [None, _canonical_alone], ids=["pre-filled from an order", "nothing pre-filled"])
def test_a_package_starts_exactly_where_next_question_would(client, change):
    body = load("questionnaire-package-a015.json")
    body["parameter"] = [p for p in body["parameter"] if p["name"] != "referenced"]  # the credential is left to ask
    if change:
        change(body)
    response = only_response(package(client, body))
    (asking,) = next_asked(response)
    # the same response with its next question taken out, as $next-question is sent it
    before = copy.deepcopy(response)
    before["item"] = [i for i in before["item"] if i["linkId"] != asking]
    before["contained"][0]["item"] = [i for i in before["contained"][0]["item"] if i["linkId"] != asking]
    again = post(client, NEXT, before)
    assert again.status_code == 200
    again = again.get_json()
    assert again["contained"] == response["contained"] and again["item"] == response["item"]
    assert asking == ("diagnosis" if change else "credential")


@pytest.mark.parametrize("change, words", [
    (lambda b: b["parameter"].pop(0), "Coverage"),
    (lambda b: b["parameter"].__setitem__(slice(1, None), []), "dtr-1"),
    (lambda b: b["parameter"].append({"name": "member-name", "valueString": "Jane"}), "not a parameter"),
    (lambda b: b["parameter"][0].__setitem__("resource", b["parameter"][1]["resource"]), "Coverage"),
    (lambda b: b.__setitem__("resourceType", "Bundle"), "Parameters"),
    (lambda b: b["parameter"][1]["resource"].__setitem__("status", 7), "not a valid FHIR R4 resource"),
])
def test_parameters_that_cannot_be_read_are_a_400_operation_outcome(client, change, words):
    body = load("questionnaire-package-a015.json")
    change(body)
    refused = post(client, PACKAGE, body)
    assert refused.status_code == 400 and refused.mimetype == FHIR_JSON
    (issue,) = refused.get_json()["issue"]
    assert issue["severity"] == "error" and words in issue["diagnostics"] + "".join(issue.get("expression", []))


# --- from CRD to a determination, inside the EHR -----------------------------------------------------

def test_an_info_needed_crd_answer_leads_through_dtr_to_a_determination(client):
    hook = load_crd("order-sign-a015.json")
    hook["context"]["draftOrders"]["entry"] = hook["context"]["draftOrders"]["entry"][:1]
    del hook["context"]["draftOrders"]["entry"][0]["resource"]["performer"]  # who gives it is not known
    answer = client.post("/cds-services/a015-order-sign", json=hook).get_json()
    extension = check_hook_answer(answer)["coach-follow-up"]
    assert parts(extension, "covered") == ["conditional"] and "performer" in parts(extension, "info-needed")
    assert parts(extension, "doc-needed") == ["admin"]
    assert parts(extension, "questionnaire") == [f"{CANONICAL}|2023-04-15"]
    (card,) = answer["cards"]
    assert f"questionnaire {CANONICAL}|2023-04-15" in card["detail"]

    # the EHR's DTR: the order as CRD updated it, its Coverage, and CRD's coverage-assertion-id as context
    order = answer["systemActions"][0]["resource"]
    coverage = hook["prefetch"]["coverage"]["entry"][0]["resource"]
    body = {"resourceType": "Parameters", "parameter": [
        {"name": "coverage", "resource": coverage}, {"name": "order", "resource": order},
        {"name": "questionnaire", "valueCanonical": parts(extension, "questionnaire")[0]},
        {"name": "context", "valueString": parts(extension, "coverage-assertion-id")[0]}]}
    response = only_response(package(client, body))
    assert "credential" not in answers_of(response)
    completed, asked = walk(client, response, {"credential": "nbhwc", "state": "MA"})
    assert asked == ["credential", "state"]
    (done,) = coverage_information(completed)
    assert parts(done, "covered") == ["covered"] and parts(done, "coverage") == [{"reference": "Coverage/COV1"}]
    assert parts(done, "billingCode")[0]["code"] == "0592T"


def test_a_likely_covered_or_policy_silent_crd_answer_names_no_questionnaire(client):
    hook = load_crd("order-sign-a015.json")
    for extension in check_hook_answer(client.post("/cds-services/a015-order-sign", json=hook).get_json()).values():
        assert parts(extension, "questionnaire") == [] and parts(extension, "doc-needed") == []
    telehealth = copy.deepcopy(hook)
    telehealth["context"]["draftOrders"]["entry"] = telehealth["context"]["draftOrders"]["entry"][:1]
    telehealth["context"]["draftOrders"]["entry"][0]["resource"]["locationCode"][0]["coding"][0]["code"] = "10"
    (extension,) = check_hook_answer(client.post("/cds-services/a015-order-sign", json=telehealth).get_json()).values()
    # coaching by telehealth: the policy is silent, and no answer an office could give would change that
    assert parts(extension, "covered") == ["conditional"] and parts(extension, "questionnaire") == []


def test_without_a_state_crd_names_the_questionnaire_that_asks_it(client):
    body = load_crd("appointment-book-a015.json")
    for key in list(body["prefetch"]):
        if key != "coverage":
            del body["prefetch"][key]
    answer = client.post("/cds-services/a015-appointment-book", json=body).get_json()
    (extension,) = check_hook_answer(answer).values()
    assert parts(extension, "doc-needed") == ["admin"]
    assert parts(extension, "questionnaire") == [f"{CANONICAL}|2023-04-15"]
    assert "questionnaire" in answer["cards"][0]["detail"]


@pytest.mark.parametrize("given, day, version", [("2023-04", "2023-04-01", "2023-04-15"), ("2024-06", "2024-06-01", "2023-04-15")])
def test_a_date_given_only_as_a_month_is_prefilled_as_its_first_day_as_crd_judges_it(client, given, day, version):
    body = load("questionnaire-package-a015.json")
    order = next(p["resource"] for p in body["parameter"] if p.get("resource", {}).get("resourceType") == "ServiceRequest")
    order["occurrenceDateTime"] = given
    (bundle,) = check_package(package(client, body))
    questionnaire, response = (e["resource"] for e in bundle["entry"])
    assert answers_of(response)["date_of_service"] == day and questionnaire["version"] == version
