"""The CDS Hooks service: hook requests written from the Da Vinci CRD guide's own examples, for both hooks."""
import copy
import json
import shutil

import jsonschema
import pytest
from crd_checks import DISCOVERY_SCHEMA, ERROR_SCHEMA, check_response, load, parts
from conftest import make_app

ORDER_SIGN = "/cds-services/a015-order-sign"
APPOINTMENT_BOOK = "/cds-services/a015-appointment-book"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"


@pytest.fixture
def crd_app(tmp_path, migrated_sqlite):
    path = tmp_path / "crd.sqlite"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", CRD_JWT_REQUIRED=False)


@pytest.fixture
def client(crd_app):
    return crd_app.test_client()


def call(client, url, body):
    response = client.post(url, json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def order_sign(**changes):
    """The guide's order-sign example with A015 orders: 0592T coaching, H0038 peer support, and its E0431 oxygen."""
    body = load("order-sign-a015.json")
    orders = {e["resource"]["id"]: e["resource"] for e in body["context"]["draftOrders"]["entry"]}
    for order_id, fields in changes.items():
        orders[order_id.replace("_", "-")].update(fields)
    return body


def coaching_only(body):
    body["context"]["draftOrders"]["entry"] = body["context"]["draftOrders"]["entry"][:1]
    return body


# --- discovery --------------------------------------------------------------------------------

def test_discovery_lists_appointment_book_and_order_sign_with_crd_prefetch(client):
    response = client.get("/cds-services")
    body = response.get_json()
    jsonschema.validate(body, DISCOVERY_SCHEMA)
    hooks = {s["hook"]: s for s in body["services"]}
    assert {"appointment-book", "order-sign"} <= set(hooks)
    for service in hooks.values():
        assert {"patient", "coverage", "conditions", "practitionerRoles", "practitioners", "locations",
                "organizations"} <= set(service["prefetch"])
        assert service["prefetch"]["coverage"] == "Coverage?patient={{context.patientId}}&status=active"
    assert response.headers["Cache-Control"] == "no-store"


# --- the guide's examples as they stand: services A015 does not cover ---------------------------

def test_the_guides_order_sign_example_mammography_and_oxygen_gets_no_card_and_no_action(client):
    body = call(client, ORDER_SIGN, load("CRDServiceRequest.json"))
    check_response(body)
    assert body == {"cards": []}


def test_the_guides_appointment_book_example_without_a015_codes_gets_no_card(client):
    body = call(client, APPOINTMENT_BOOK, load("CRDServiceRequest4.json"))
    assert body == {"cards": []}


# --- covered ------------------------------------------------------------------------------------

def test_order_sign_with_coaching_peer_support_and_oxygen_answers_the_two_a015_orders(client, crd_app):
    body = call(client, ORDER_SIGN, order_sign())
    found = check_response(body)
    assert set(found) == {"coach-follow-up", "peer-support"}  # not the oxygen order
    assert len(body["cards"]) == 2
    for order_id, code in (("coach-follow-up", "0592T"), ("peer-support", "H0038")):
        extension = found[order_id]
        assert parts(extension, "covered") == ["covered"]
        assert parts(extension, "coverage") == [{"reference": "Coverage/COV1"}]
        assert parts(extension, "billingCode")[0]["code"] == code
        assert parts(extension, "pa-needed") == ["conditional"]  # the default: A015 is silent on prior authorization
        assert parts(extension, "info-needed") == ["OTH"]
        reference = parts(extension, "coverage-assertion-id")[0]
        saved = client.get(f"/api/v1/determinations/{reference}").get_json()
        assert saved["source"] == "crd" and saved["audience"] == "provider"
        assert saved["determination"]["outcome"] == "likely_covered"
    card = body["cards"][0]
    assert card["indicator"] == "info" and card["source"]["topic"]["code"] == "coverage-info"
    assert card["source"]["label"] == crd_app.config["CRD_SOURCE_LABEL"]
    assert "0592T" in card["summary"] and len(card["summary"]) < 140
    # each reason with the policy's words, verbatim from the data file, linked to their sentence
    policy = crd_app.extensions["policy"]
    assert '> "for individuals with mental health or substance use disorders"' in card["detail"]
    assert "/policy/A015#administrative-policy-coverage" in card["detail"]
    assert any(link["url"].endswith("/policy/A015#administrative-policy-coverage") for link in card["links"])
    # the reference after the "#", which no server or proxy log sees; the look-up page puts it in its box
    result_link = next(link["url"] for link in card["links"] if "/lookup#reference=" in link["url"])
    path, reference = result_link.replace("http://localhost", "").split("#reference=")
    assert "?" not in path and reference == card["summary"][-14:]
    assert client.get(path).status_code == 200
    found = client.post("/lookup", data={"reference": reference}, follow_redirects=True)
    assert found.status_code == 200 and reference in found.get_data(as_text=True)
    for quote in (c.quote for key in ("diagnosis", "service") for c in policy.cite(key)):
        assert f'"{quote}"' in card["detail"]
    assert "F32.9 (Major depressive disorder, single episode, unspecified)" in card["detail"]
    assert "A015 names no diagnosis codes" in card["detail"]


def test_appointment_book_for_initial_coaching_takes_minutes_and_date_from_the_appointment(client):
    body = call(client, APPOINTMENT_BOOK, load("appointment-book-a015.json"))
    found = check_response(body)
    assert set(found) == {"coach-initial"}  # the guide's own appointment (service type 24) is not A015's
    assert parts(found["coach-initial"], "covered") == ["covered"]
    reference = parts(found["coach-initial"], "coverage-assertion-id")[0]
    answers = client.get(f"/api/v1/determinations/{reference}").get_json()["determination"]["answers"]
    assert answers["minutes"] == 45 and answers["date_of_service"] == "2024-03-01"
    assert answers["credential"] == "nbhwc" and answers["state"] == "MA" and answers["session"] == "initial"
    assert answers["delivery"] == "in_person" and answers["setting"] == "outpatient"


# --- not covered --------------------------------------------------------------------------------

def test_a_coaching_order_too_short_for_its_code_is_not_covered_and_carries_no_pa_needed(client):
    body = order_sign(coach_follow_up={"quantityQuantity": {"value": 20, "unit": "min", "code": "min",
                                                            "system": "http://unitsofmeasure.org"}})
    found = check_response(call(client, ORDER_SIGN, coaching_only(body)))
    extension = found["coach-follow-up"]
    assert parts(extension, "covered") == ["not-covered"]
    assert parts(extension, "pa-needed") == [] and parts(extension, "info-needed") == []
    assert parts(extension, "reason")[0]["text"]


def test_an_inpatient_place_of_service_is_conditional_since_the_policy_is_silent_on_it(client):
    # A015 covers outpatient services and says nothing of inpatient ones: a person must look
    body = order_sign(coach_follow_up={"locationCode": [{"coding": [{"system": POS, "code": "21"}]}]})
    found = check_response(call(client, ORDER_SIGN, coaching_only(body)))
    assert parts(found["coach-follow-up"], "covered") == ["conditional"]


def test_a_not_covered_card_is_a_warning(client):
    # a follow-up of 20 minutes falls short of 0592T's "at least 30 mins"
    body = order_sign(coach_follow_up={"quantityQuantity": {"value": 20, "unit": "min",
                                                            "system": "http://unitsofmeasure.org", "code": "min"}})
    card, = call(client, ORDER_SIGN, coaching_only(body))["cards"]
    assert card["indicator"] == "warning" and "likely not covered" in card["summary"]
    assert "What would make it likely covered:\n- " in card["detail"]


# --- needs review ---------------------------------------------------------------------------------

def test_an_order_with_no_performer_is_conditional_and_asks_for_the_performer(client):
    body = order_sign()
    del body["context"]["draftOrders"]["entry"][0]["resource"]["performer"]
    found = check_response(call(client, ORDER_SIGN, coaching_only(body)))
    extension = found["coach-follow-up"]
    assert parts(extension, "covered") == ["conditional"]
    assert "performer" in parts(extension, "info-needed")


def test_group_coaching_0593t_is_conditional(client):
    body = order_sign(coach_follow_up={"code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "0593T"}]}})
    found = check_response(call(client, ORDER_SIGN, coaching_only(body)))
    assert parts(found["coach-follow-up"], "covered") == ["conditional"]
    assert parts(found["coach-follow-up"], "billingCode")[0]["code"] == "0593T"


def test_coaching_by_telehealth_is_conditional(client):
    body = order_sign(coach_follow_up={"locationCode": [{"coding": [{"system": POS, "code": "10"}]}]})
    found = check_response(call(client, ORDER_SIGN, coaching_only(body)))
    assert parts(found["coach-follow-up"], "covered") == ["conditional"]


def test_an_order_with_no_date_asks_for_the_timeframe(client):
    body = order_sign()
    del body["context"]["draftOrders"]["entry"][0]["resource"]["occurrenceDateTime"]
    body = coaching_only(body)
    found = check_response(call(client, ORDER_SIGN, body))
    assert "timeframe" in parts(found["coach-follow-up"], "info-needed")


# --- missing prefetch ---------------------------------------------------------------------------

def test_without_a_coverage_the_card_comes_but_no_coverage_information(client):
    body = order_sign()
    body["prefetch"]["coverage"] = None  # CDS Hooks: a prefetch the client could not fill
    answer = call(client, ORDER_SIGN, body)
    check_response(answer)
    assert "systemActions" not in answer and len(answer["cards"]) == 2
    assert "No Coverage resource came with the request" in answer["cards"][0]["detail"]


@pytest.mark.parametrize("reference", ["Coverage/COV9", "http://example.org/someEHR/fhir/Coverage/COV9"])
def test_without_a_prefetched_coverage_the_coverage_the_order_names_is_used_by_reference(client, reference):
    body = coaching_only(order_sign(coach_follow_up={"insurance": [{"reference": reference}]}))
    body["prefetch"]["coverage"] = None
    answer = call(client, ORDER_SIGN, body)
    extension = check_response(answer)["coach-follow-up"]
    assert parts(extension, "coverage") == [{"reference": "Coverage/COV9"}]  # as the EHR knows it
    assert "No Coverage resource came with the request" not in answer["cards"][0]["detail"]


def test_an_order_naming_something_else_than_a_coverage_in_insurance_gets_no_coverage_information(client):
    body = coaching_only(order_sign(coach_follow_up={"insurance": [{"reference": "ClaimResponse/CR1"}]}))
    body["prefetch"]["coverage"] = None
    answer = call(client, ORDER_SIGN, body)
    assert "systemActions" not in answer and "No Coverage resource came with the request" in answer["cards"][0]["detail"]


def test_a_prefetched_coverage_comes_before_the_one_the_order_names(client):
    body = coaching_only(order_sign(coach_follow_up={"insurance": [{"reference": "Coverage/COV9"}]}))
    extension = check_response(call(client, ORDER_SIGN, body))["coach-follow-up"]
    assert parts(extension, "coverage") == [{"reference": "Coverage/COV1"}]


def test_without_the_performers_the_credential_is_unknown(client):
    body = load("appointment-book-a015.json")
    for key in ("practitionerRoles", "practitioners"):
        del body["prefetch"][key]
    found = check_response(call(client, APPOINTMENT_BOOK, body))
    assert parts(found["coach-initial"], "covered") == ["conditional"]
    assert "performer" in parts(found["coach-initial"], "info-needed")


def test_without_any_prefetch_the_state_is_unknown_and_nothing_is_judged(client):
    body = load("appointment-book-a015.json")
    del body["prefetch"]
    answer = call(client, APPOINTMENT_BOOK, body)
    check_response(answer)
    card, = answer["cards"]
    assert "systemActions" not in answer and card["indicator"] == "warning"
    assert "state" in card["summary"] and "No determination was made" in card["detail"]


@pytest.mark.parametrize("coach", ["0592t", "0591t"])
def test_codes_are_case_sensitive_so_lower_case_ones_get_no_card_and_no_action(client, coach):
    body = order_sign()
    codes = {"coach-follow-up": coach, "peer-support": "h0038"}
    for entry in body["context"]["draftOrders"]["entry"]:
        if entry["resource"]["id"] in codes:
            entry["resource"]["code"]["coding"][0]["code"] = codes[entry["resource"]["id"]]
    assert call(client, ORDER_SIGN, body) == {"cards": []}


# --- ICD-10-CM codes ---------------------------------------------------------------------------

@pytest.mark.parametrize("code, says, covered", [
    ("X99.99", "X99.99 is not an ICD-10-CM code", "conditional"),
    ("F10", "F10 (Alcohol related disorders) is a category, not a billable code", "covered"),
    ("F41.1", "F41.1 (Generalized anxiety disorder) is a mental health disorder code", "covered"),
    ("Z00.00", "not one of those read as a mental health or substance use disorder", "conditional"),
    ("R45.851", "the policy names no codes, so the diagnosis is not known from it", "conditional"),
    ("O99.320", "is a substance use disorder code (F10-F19, O99.31-O99.33)", "covered"),
])
def test_each_diagnosis_code_is_named_and_judged(client, code, says, covered):
    body = order_sign(coach_follow_up={"reasonCode": [{"coding": [{"system": ICD, "code": code}]}]})
    body["prefetch"]["conditions"]["entry"] = []
    answer = call(client, ORDER_SIGN, coaching_only(body))
    found = check_response(answer)
    assert says in answer["cards"][0]["detail"]
    assert parts(found["coach-follow-up"], "covered") == [covered]


def test_codes_of_other_systems_leave_the_diagnosis_unknown(client):
    body = order_sign(coach_follow_up={"reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "35489007"}]}]})
    body["prefetch"]["conditions"]["entry"] = []
    answer = call(client, ORDER_SIGN, coaching_only(body))
    assert "holds no ICD-10-CM diagnosis code" in answer["cards"][0]["detail"]
    assert parts(check_response(answer)["coach-follow-up"], "covered") == ["conditional"]


def test_a_diabetes_code_alone_leaves_the_diagnosis_not_known_never_not_covered(client):
    body = order_sign(coach_follow_up={"reasonCode": [{"coding": [{"system": ICD, "code": "E11.9"}]}]})
    body["prefetch"]["conditions"]["entry"][0]["resource"]["code"]["coding"][0].update(code="Z00.00", display="x")
    answer = call(client, ORDER_SIGN, coaching_only(body))
    extension = check_response(answer)["coach-follow-up"]
    assert parts(extension, "covered") == ["conditional"]
    assert "Diagnosis not known" in answer["cards"][0]["detail"]


def test_another_patients_condition_is_not_read(client):
    body = order_sign(coach_follow_up={"reasonCode": []})
    del body["context"]["draftOrders"]["entry"][0]["resource"]["reasonCode"]
    condition = body["prefetch"]["conditions"]["entry"][0]["resource"]
    condition["subject"]["reference"] = "http://example.org/someEHR/fhir/Patient/456"
    answer = call(client, ORDER_SIGN, coaching_only(body))
    assert "holds no ICD-10-CM diagnosis code" in answer["cards"][0]["detail"]
    assert parts(check_response(answer)["coach-follow-up"], "covered") == ["conditional"]
    condition["subject"]["reference"] = "Patient/123"  # the context patient, as a relative reference
    answer = call(client, ORDER_SIGN, coaching_only(body))
    assert "F10.20 (Alcohol dependence, uncomplicated)" in answer["cards"][0]["detail"]


def test_a_resolved_condition_does_not_count(client):
    body = order_sign(coach_follow_up={"reasonCode": []})
    del body["context"]["draftOrders"]["entry"][0]["resource"]["reasonCode"]
    condition = body["prefetch"]["conditions"]["entry"][0]["resource"]
    condition["clinicalStatus"]["coding"][0]["code"] = "resolved"
    answer = call(client, ORDER_SIGN, coaching_only(body))
    assert "holds no ICD-10-CM diagnosis code" in answer["cards"][0]["detail"]


# --- partial dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("given, day, in_effect", [
    ("2022", "2022-01-01", False), ("2023", "2023-01-01", False), ("2023-04", "2023-04-01", False),
    ("2024-06", "2024-06-01", True),
])
def test_a_date_given_only_as_a_year_or_month_is_judged_as_its_first_day_and_the_card_says_so(client, given, day, in_effect):
    body = coaching_only(order_sign(coach_follow_up={"occurrenceDateTime": given}))
    answer = call(client, ORDER_SIGN, body)
    extension = check_response(answer)["coach-follow-up"]
    detail = answer["cards"][0]["detail"]
    assert f'The date of service was given only as "{given}", so it is judged as its first day, {day}.' in detail
    assert parts(extension, "covered") == (["covered"] if in_effect else ["conditional"])
    assert "today's date was used" not in detail


# --- what the card says was not known ----------------------------------------------------------

NAMES = {"diagnosis": "the diagnosis", "credential": "the provider's credential", "state": "the state",
         "setting": "the setting", "delivery": "the delivery", "session": "the session (initial or follow-up)",
         "minutes": "the minutes", "date_of_service": "the date of service (today's date was used)"}


def _not_known_said(detail: str) -> list[str]:
    said = [line for line in detail.splitlines() if line.startswith("Not known from the request")]
    if not said:
        return []
    items = said[0].split(": ", 1)[1].rstrip(".")
    return [name for name, words in NAMES.items() if words in items]


def _placed_at_home(body):
    for name in ("locations", "organizations"):
        body["prefetch"].pop(name)
    for entry in body["prefetch"]["practitioners"]["entry"]:
        if entry["resource"]["id"] == "coach-person":
            entry["resource"]["address"] = [{"use": "work", "state": "MA"}]


def _unplaced(order):
    for name in ("locationCode", "occurrenceDateTime", "quantityQuantity", "encounter"):
        order.pop(name, None)


@pytest.mark.parametrize("change, not_known", [
    (lambda order, body: None, []),
    (lambda order, body: _unplaced(order), ["setting", "minutes", "date_of_service"]),
    (lambda order, body: body["prefetch"].pop("practitioners"), ["credential"]),
    # the state from the Practitioner's own address: known, so never said to be unknown
    (lambda order, body: _placed_at_home(body), []),
])
def test_the_card_lists_exactly_the_answers_not_known(client, change, not_known):
    body = coaching_only(order_sign())
    body["prefetch"].pop("encounter", None)
    change(body["context"]["draftOrders"]["entry"][0]["resource"], body)
    answer = call(client, ORDER_SIGN, body)
    detail = answer["cards"][0]["detail"]
    assert _not_known_said(detail) == not_known
    assert ("Massachusetts" in detail) == ("state" not in not_known)  # judged under a state it never calls unknown


def _coach_qualified_as(body, qualification):
    for entry in body["prefetch"]["practitioners"]["entry"]:
        if entry["resource"]["id"] == "coach-person":
            entry["resource"]["qualification"] = [qualification]


@pytest.mark.parametrize("qualification, needed", [
    # a credential known, but whose scope for coaching is not: the performer's to settle, as an unknown one is
    # (OTH: A015 says nothing of prior authorization, CRD_PA_NEEDED conditional)
    ({"code": {"text": "Certified Peer Specialist (Massachusetts)"}}, ["performer", "OTH"]),
    ({"code": {"text": "Something unreadable"}}, ["performer", "OTH"]),
    # a certification of what is not known: the policy is silent on it, so the plan's rules must say
    ({"code": {"text": "Certified Wellness Coach (private program)"}}, ["OTH"]),
])
def test_info_needed_names_the_performer_where_the_credential_or_its_scope_is_not_known(client, qualification, needed):
    body = coaching_only(order_sign())
    _coach_qualified_as(body, qualification)
    for entry in body["prefetch"]["practitionerRoles"]["entry"]:
        entry["resource"].pop("code", None)  # the taxonomy code says nothing of a certificate
    extension = check_response(call(client, ORDER_SIGN, body))["coach-follow-up"]
    assert parts(extension, "covered") == ["conditional"]
    assert parts(extension, "info-needed") == needed


@pytest.mark.parametrize("qualification", [
    {"code": {"text": "Certified Peer Specialist (Georgia)"}},  # the service is in Massachusetts
    {"code": {"text": "Certified Peer Specialist (Massachusetts)"}, "period": {"end": "2023-12-31"}},
    {"code": {"text": "Certified Peer Specialist candidate (Massachusetts)"}},
])
def test_a_peer_certificate_of_another_state_or_not_held_on_the_date_leaves_the_credential_not_known(client, qualification):
    body = order_sign()
    body["context"]["draftOrders"]["entry"] = body["context"]["draftOrders"]["entry"][1:2]  # the peer support order
    for entry in body["prefetch"]["practitioners"]["entry"]:
        if entry["resource"]["id"] == "peer-person":
            entry["resource"]["qualification"] = [qualification]
    for entry in body["prefetch"]["practitionerRoles"]["entry"]:
        entry["resource"].pop("code", None)  # the Peer Specialist taxonomy code would tell it on its own
    answer = call(client, ORDER_SIGN, body)
    extension = check_response(answer)["peer-support"]
    assert parts(extension, "covered") == ["conditional"] and "performer" in parts(extension, "info-needed")
    assert "the provider's credential" in answer["cards"][0]["detail"]


# --- options, order-select, and what is never kept ----------------------------------------------

def test_order_select_answers_only_the_selected_order(client):
    body = order_sign()
    body["hook"] = "order-select"
    body["context"]["selections"] = ["ServiceRequest/peer-support"]
    found = check_response(call(client, "/cds-services/a015-order-select", body))
    assert set(found) == {"peer-support"}


def test_the_ehr_can_turn_coverage_information_off_on_order_select_and_cap_the_cards(client):
    body = order_sign()
    body["hook"] = "order-select"
    body["context"]["selections"] = ["ServiceRequest/coach-follow-up", "ServiceRequest/peer-support"]
    body["extension"] = {"davinci-crd.configuration": {"coverage-info": False, "max-cards": 1}}
    answer = call(client, "/cds-services/a015-order-select", body)
    assert "systemActions" not in answer and len(answer["cards"]) == 1


@pytest.mark.parametrize("url, body", [
    (ORDER_SIGN, order_sign()),
    ("/cds-services/a015-order-dispatch", load("order-dispatch-a015.json")),
    (APPOINTMENT_BOOK, load("appointment-book-a015.json")),
])
def test_a_primary_hook_always_carries_coverage_information_even_when_the_ehr_turns_it_off(client, url, body):
    # the guide's own order-dispatch example sends "coverage-info": false; CRD's primary hooks SHALL carry it
    body["extension"] = {"davinci-crd.configuration": {"coverage-info": False}}
    answer = call(client, url, body)
    assert answer["systemActions"] and len(check_response(answer)) == len(answer["systemActions"])


def test_an_earlier_coverage_information_for_the_same_coverage_is_replaced(client):
    first = call(client, ORDER_SIGN, coaching_only(order_sign()))
    updated = first["systemActions"][0]["resource"]
    body = coaching_only(order_sign())
    body["context"]["draftOrders"]["entry"][0]["resource"] = updated
    again = check_response(call(client, ORDER_SIGN, body))  # one extension only, or check_response fails
    assert parts(again["coach-follow-up"], "coverage-assertion-id") != parts(
        first["systemActions"][0]["resource"]["extension"][0], "coverage-assertion-id")


def test_the_order_sent_back_is_a_new_one_and_the_order_as_sent_is_left_as_it_was():
    from app.crd import respond
    coverage = {"reference": "Coverage/c1"}
    ours = {"url": respond.COVERAGE_INFORMATION, "extension": [{"url": "coverage", "valueReference": coverage}]}
    order = {"resourceType": "ServiceRequest", "id": "o1", "code": {"coding": [{"code": "0592T"}]},
             "extension": [{"url": "https://ehr.example.org/note", "valueString": "kept"},
                           {"url": respond.COVERAGE_INFORMATION, "extension": [
                               {"url": "coverage", "valueReference": coverage}, {"url": "covered", "valueCode": "x"}]}]}
    as_sent = copy.deepcopy(order)
    updated = respond.annotated(order, ours)
    assert order == as_sent
    assert updated["extension"] == [as_sent["extension"][0], ours]
    assert {k: v for k, v in updated.items() if k != "extension"} == {k: v for k, v in as_sent.items() if k != "extension"}


def test_an_order_sent_again_is_saved_again_from_the_determination_made_once(client, crd_app, monkeypatch):
    from app.api import shown
    from app.extensions import db
    from app.storage.models import SavedDetermination
    made, evaluate = [], shown.evaluate
    monkeypatch.setattr(shown, "evaluate", lambda *a, **k: made.append(1) or evaluate(*a, **k))
    shown.shown.cache_clear()
    first, again = call(client, ORDER_SIGN, order_sign()), call(client, ORDER_SIGN, order_sign())
    assert len(made) == 2  # the two A015 orders, once each
    assert first["cards"] != again["cards"]  # each call's own references and card ids
    shorter = call(client, ORDER_SIGN, coaching_only(order_sign(coach_follow_up={"quantityQuantity": {
        "value": 20, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"}})))
    assert len(made) == 3  # other answers, another determination
    with crd_app.app_context():
        rows = db.session.query(SavedDetermination).order_by(SavedDetermination.id).all()
    assert len(rows) == 5 and len({r.reference for r in rows}) == 5
    assert [r.shown for r in rows[:2]] == [r.shown for r in rows[2:4]] and rows[4].shown != rows[0].shown
    assert shorter["cards"][0]["indicator"] != first["cards"][0]["indicator"]


def test_no_patient_identifier_is_saved_or_logged(client, crd_app, caplog):
    body = order_sign()
    body["context"]["patientId"] = "patient-7f3a9c"
    caplog.set_level("DEBUG")
    answer = call(client, ORDER_SIGN, body)
    from app.extensions import db
    from app.storage.models import SavedDetermination
    with crd_app.app_context():
        rows = db.session.query(SavedDetermination).all()
        saved = json.dumps([{"answers": r.answers, "shown": r.shown} for r in rows])
    assert len(rows) == 2 and all(r.source == "crd" for r in rows)
    logged = caplog.text + json.dumps([r.__dict__.get("fields", {}) for r in caplog.records])
    for identifier in ("patient-7f3a9c", "88800933501", "888009335", "Baxter", "1032702", "F32.9", "F10.20"):
        assert identifier not in saved and identifier not in logged
    assert answer["cards"]


# --- malformed requests -------------------------------------------------------------------------

@pytest.mark.parametrize("mutate, field", [
    (lambda b: b.pop("hookInstance"), "hookInstance"),
    (lambda b: b.update(hook="patient-view"), "hook"),
    (lambda b: b.pop("context"), "context"),
    (lambda b: b["context"].pop("patientId"), "context.patientId"),
    (lambda b: b["context"].pop("draftOrders"), "context.draftOrders"),
    (lambda b: b["context"]["draftOrders"]["entry"][0]["resource"].update(authoredOn="yesterday"),
     "context.draftOrders"),
    (lambda b: b["prefetch"].update(coverage={"resourceType": "Coverage", "status": 3}), "prefetch.coverage"),
    (lambda b: b["prefetch"].update(coverage={"resourceType": "NoSuchThing"}), "prefetch.coverage"),
    (lambda b: b.update(prefetch=[]), "prefetch"),
])
def test_a_malformed_hook_request_is_a_400_naming_what_is_wrong(client, crd_app, mutate, field):
    body = order_sign()
    mutate(body)
    response = client.post(ORDER_SIGN, json=body)
    assert response.status_code == 400
    errors = response.get_json()
    jsonschema.validate(errors, ERROR_SCHEMA)
    assert any(key.startswith(field) for key in errors["errors"]), errors
    with crd_app.app_context():
        from app.extensions import db
        from app.storage.models import SavedDetermination
        assert db.session.query(SavedDetermination).count() == 0  # nothing half-stored


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post(ORDER_SIGN, data=b"{not json", content_type="application/json")
    assert response.status_code == 400 and "body" in response.get_json()["errors"]


def test_an_unknown_service_is_a_404_in_json(client):
    response = client.post("/cds-services/no-such-service", json=order_sign())
    assert response.status_code == 404
    jsonschema.validate(response.get_json(), ERROR_SCHEMA)


def test_a_body_over_64_kb_is_a_413_in_json(client):
    body = order_sign()
    body["padding"] = "x" * (65 * 1024)
    response = client.post(ORDER_SIGN, json=body)
    assert response.status_code == 413
    jsonschema.validate(response.get_json(), ERROR_SCHEMA)


def test_get_on_a_service_is_a_405_in_json(client):
    response = client.get(ORDER_SIGN)
    assert response.status_code == 405
    jsonschema.validate(response.get_json(), ERROR_SCHEMA)


def test_the_fixtures_stay_the_guides_examples(client):
    # the guide's request and our A015 version share the context and prefetch shapes they were written from
    guide, ours = load("CRDServiceRequest.json"), load("order-sign-a015.json")
    assert guide["hook"] == ours["hook"] == "order-sign"
    assert set(guide["prefetch"]) <= set(ours["prefetch"])
    assert copy.deepcopy(guide["prefetch"]["coverage"]) == ours["prefetch"]["coverage"]


@pytest.mark.parametrize("setting, pa_needed, info_needed", [("no-auth", ["no-auth"], []), ("none", [], [])])
def test_the_operator_sets_what_pa_needed_says(tmp_path, migrated_sqlite, setting, pa_needed, info_needed):
    shutil.copy(migrated_sqlite, tmp_path / "pa.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'pa.sqlite'}", CRD_JWT_REQUIRED=False, CRD_PA_NEEDED=setting)
    found = check_response(call(app.test_client(), ORDER_SIGN, coaching_only(order_sign())))
    extension = found["coach-follow-up"]
    assert parts(extension, "covered") == ["covered"]
    assert parts(extension, "pa-needed") == pa_needed and parts(extension, "info-needed") == info_needed
    assert parts(extension, "reason") == []


def test_a_pa_needed_crd_does_not_have_stops_the_app(tmp_path, migrated_sqlite):
    with pytest.raises(ValueError, match="CRD_PA_NEEDED"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", CRD_PA_NEEDED="satisfied")


def test_discovery_answers_with_or_without_a_trailing_slash(client):
    assert client.get("/cds-services/").get_json() == client.get("/cds-services").get_json()


# --- order-dispatch ---------------------------------------------------------------------------------

def test_the_guides_order_dispatch_example_for_medications_gets_no_card(client):
    assert call(client, "/cds-services/a015-order-dispatch", load("CRDServiceRequest2.json")) == {"cards": []}


def test_order_dispatch_judges_the_prefetched_orders_with_the_performer_they_go_to(client):
    body = load("order-dispatch-a015.json")
    found = check_response(call(client, "/cds-services/a015-order-dispatch", body))
    assert set(found) == {"coach-follow-up", "peer-support"}
    # the coaching order names no performer: the dispatch's (the NBC-HWC coach) is read
    assert parts(found["coach-follow-up"], "covered") == ["covered"]
    reference = parts(found["coach-follow-up"], "coverage-assertion-id")[0]
    answers = client.get(f"/api/v1/determinations/{reference}").get_json()["determination"]["answers"]
    assert answers["credential"] == "nbhwc"


def test_order_dispatch_without_the_orders_prefetched_passes_them_over(client):
    body = load("order-dispatch-a015.json")
    del body["prefetch"]["serviceRequests"]
    assert call(client, "/cds-services/a015-order-dispatch", body) == {"cards": []}


def test_order_dispatch_needs_its_list_of_orders(client):
    body = load("order-dispatch-a015.json")
    body["context"]["dispatchedOrders"] = "ServiceRequest/coach-follow-up"
    response = client.post("/cds-services/a015-order-dispatch", json=body)
    assert response.status_code == 400 and "context.dispatchedOrders" in response.get_json()["errors"]


def test_without_the_state_the_coverage_information_is_conditional_and_asks_for_the_location(client):
    body = load("appointment-book-a015.json")
    for key in ("practitionerRoles", "practitioners", "locations", "organizations"):
        del body["prefetch"][key]
    answer = call(client, APPOINTMENT_BOOK, body)
    extension = check_response(answer)["coach-initial"]
    assert parts(extension, "covered") == ["conditional"]
    assert {"performer", "location"} <= set(parts(extension, "info-needed"))
    # nothing was judged, so nothing was saved: the hook call itself is the trace
    assert parts(extension, "coverage-assertion-id") == ["a015-appointment-book-0001/Appointment/coach-initial"]
    assert "No determination was made" in parts(extension, "reason")[0]["text"]


def test_when_nothing_can_be_saved_the_answer_still_comes_with_the_hook_call_as_its_trace(client, monkeypatch):
    from app.crd import routes
    monkeypatch.setattr(routes, "save_determination", lambda *args, **kwargs: None)
    answer = call(client, ORDER_SIGN, coaching_only(order_sign()))
    extension = check_response(answer)["coach-follow-up"]
    assert parts(extension, "covered") == ["covered"]
    assert parts(extension, "coverage-assertion-id") == ["a015-order-sign-0001/ServiceRequest/coach-follow-up"]
    assert "No reference could be saved" in answer["cards"][0]["summary"]
    assert not any("/lookup" in link["url"] for link in answer["cards"][0]["links"])


# --- each code line's eligibility, and the version that judged -------------------------------------

def test_a_card_says_whether_each_codes_conditions_are_met_as_the_json_does(client):
    body = order_sign(coach_follow_up={"code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "0593T"}]}})
    card, = call(client, ORDER_SIGN, coaching_only(body))["cards"]
    # group coaching of 30 minutes: 0593T is not listed, so whether it is eligible is not known, never "not eligible"
    assert "- CPT 0593T (not listed in A015): eligibility not known" in card["detail"]
    short = order_sign(coach_follow_up={"quantityQuantity": {"value": 20, "unit": "min",
                                                             "system": "http://unitsofmeasure.org", "code": "min"}})
    card, = call(client, ORDER_SIGN, coaching_only(short))["cards"]
    assert "- CPT 0592T (listed in A015): not eligible: its conditions under A015 are not met" in card["detail"]
    card = call(client, ORDER_SIGN, coaching_only(order_sign()))["cards"][0]
    assert "- CPT 0592T (listed in A015): eligible: its conditions under A015 are met" in card["detail"]


def test_the_descriptor_and_the_minimum_are_the_versions_in_effect_on_the_date_of_service(tmp_path, migrated_sqlite):
    # the test version (not a real policy) raises 0592T's minimum to 45 minutes from 2025-01-01
    from versions_fixtures import BOTH
    shutil.copy(migrated_sqlite, tmp_path / "versions.sqlite")
    client = make_app(f"sqlite:///{tmp_path / 'versions.sqlite'}", CRD_JWT_REQUIRED=False, POLICY_PATH=BOTH).test_client()
    minutes = {"quantityQuantity": {"value": 40, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"}}
    for date, display, covered in (("2024-06-01", "at least 30 mins", "covered"),
                                   ("2025-06-01", "at least 45 mins", "not-covered")):
        body = coaching_only(order_sign(coach_follow_up={**minutes, "occurrenceDateTime": date}))
        answer = call(client, ORDER_SIGN, body)
        found = check_response(answer)
        billing, = parts(found["coach-follow-up"], "billingCode")
        assert billing["display"].endswith(display), date
        assert parts(found["coach-follow-up"], "covered") == [covered]
        assert display.replace(" mins", " minutes") in answer["cards"][0]["detail"], date


# --- costly work and hostile bodies (issue 17) ------------------------------------------------

def many_orders(count: int) -> dict:
    """order-sign with `count` coaching orders, each a copy of the guide-based 0592T order under its own id."""
    body = coaching_only(order_sign())
    entry = body["context"]["draftOrders"]["entry"][0]
    body["context"]["draftOrders"]["entry"] = [
        {**entry, "resource": {**entry["resource"], "id": f"coach-{n}"}} for n in range(count)]
    return body


def saved_rows(app) -> int:
    from app.extensions import db
    from app.storage.models import SavedDetermination
    with app.app_context():
        return db.session.query(SavedDetermination).count()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None])
def test_a_hook_call_that_is_not_json_is_a_415(client, crd_app, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(ORDER_SIGN, data=json.dumps(order_sign()), headers=headers)
    assert response.status_code == 415
    jsonschema.validate(response.get_json(), ERROR_SCHEMA)
    assert saved_rows(crd_app) == 0


def test_json_with_a_charset_is_json_for_the_hooks_too(client):
    response = client.post(ORDER_SIGN, data=json.dumps(order_sign()), content_type="application/json; charset=utf-8")
    assert response.status_code == 200


@pytest.mark.parametrize("depth", [33, 20_000])
def test_a_body_nested_too_deeply_is_a_400_before_it_is_parsed(client, depth):
    response = client.post(ORDER_SIGN, data="[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["errors"]["body"]


def test_past_the_cap_a_card_says_how_many_orders_were_not_judged_and_nothing_of_them_is_saved(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "cap.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'cap.sqlite'}", CRD_JWT_REQUIRED=False, CRD_MAX_ORDERS=3)
    body = many_orders(7)
    body["context"]["draftOrders"]["entry"].append(load("order-sign-a015.json")["context"]["draftOrders"]["entry"][2])
    answer = call(app.test_client(), ORDER_SIGN, body)
    found = check_response(answer)
    assert sorted(found) == ["coach-0", "coach-1", "coach-2"]  # the first three, in the order sent
    assert saved_rows(app) == 3
    first = answer["cards"][0]
    assert len(answer["cards"]) == 4 and first["indicator"] == "warning"
    assert first["summary"] == "A015: 4 more coded services were not judged (at most 3 a call)"  # not the oxygen order
    assert "send them in another call" in first["detail"]


@pytest.mark.parametrize("max_cards, cards", [(None, 21), (5, 5), (1, 1), (0, 1)])
def test_the_card_saying_how_many_were_not_judged_always_reaches_the_ehr_whatever_max_cards_says(client, max_cards, cards):
    body = many_orders(23)  # CRD_MAX_ORDERS is 20 by default
    configuration = body["extension"]["davinci-crd.configuration"]  # the guide's example request sends 5
    configuration.pop("max-cards")
    if max_cards is not None:
        configuration["max-cards"] = max_cards
    answer = call(client, ORDER_SIGN, body)
    check_response(answer)
    assert len(answer["cards"]) == cards
    assert answer["cards"][0]["summary"] == "A015: 3 more coded services were not judged (at most 20 a call)"
    assert len(answer["systemActions"]) == 20  # max-cards caps the cards, not the coverage information


def test_the_hook_rate_limit_counts_the_orders_judged_not_the_calls(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "work.sqlite")
    app = make_app(f"sqlite:///{tmp_path / 'work.sqlite'}", CRD_JWT_REQUIRED=False, RATELIMIT_ENABLED=True,
                   CRD_RATE_LIMIT="10 per minute", CRD_MAX_ORDERS=8)
    client = app.test_client()
    assert client.post(ORDER_SIGN, json=many_orders(8)).status_code == 200  # 8 of the 10
    refused = client.post(ORDER_SIGN, json=many_orders(8))  # the call counts 1; its 7 more do not fit
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    jsonschema.validate(refused.get_json(), ERROR_SCHEMA)
    assert saved_rows(app) == 8  # refused before any of them was judged
    assert client.post(ORDER_SIGN, json=many_orders(1)).status_code == 200  # one call of one order: 10
    assert client.get("/cds-services").status_code == 429
    assert saved_rows(app) == 9
