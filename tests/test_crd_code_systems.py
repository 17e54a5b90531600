"""The code systems EHRs really send: every alias of CPT, HCPCS and ICD-10-CM is read wherever a code is,
answered in the canonical system; a code in a system we do not know gets no A015 answer, as before."""
import shutil

import pytest
from crd_checks import check_response, load, parts
from conftest import make_app

from app.crd import code_systems
from app.crd.fhir_answers import Resources, map_request

ORDER_SIGN = "/cds-services/a015-order-sign"
APPOINTMENT_BOOK = "/cds-services/a015-appointment-book"
BLUE_BUTTON = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"


@pytest.fixture
def client(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "crd.sqlite")
    return make_app(f"sqlite:///{tmp_path / 'crd.sqlite'}", CRD_JWT_REQUIRED=False).test_client()


def call(client, url, body):
    response = client.post(url, json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- the list itself -------------------------------------------------------------------------------

def test_each_system_names_its_canonical_uri_first_and_a_source_for_every_alias():
    assert [s.canonical.uri for s in code_systems.SYSTEMS] == [
        "http://www.ama-assn.org/go/cpt", "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "http://hl7.org/fhir/sid/icd-10-cm"]
    every = [uri for system in code_systems.SYSTEMS for uri in system.uris]
    assert len(every) == len(set(every))  # no URI stands for two systems
    for system in code_systems.SYSTEMS:
        assert all(identifier.source for identifier in (system.canonical,) + system.aliases)
    assert {"urn:oid:2.16.840.1.113883.6.12"} <= set(code_systems.CPT.uris)
    assert {BLUE_BUTTON, "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            "urn:oid:2.16.840.1.113883.6.285"} <= set(code_systems.HCPCS.uris)
    assert {"urn:oid:2.16.840.1.113883.6.90"} <= set(code_systems.ICD10CM.uris)


def test_a_system_we_do_not_know_is_none():
    for uri in (None, 12, "", "http://example.org/hcpcs", "https://bluebutton.cms.gov/resources/codesystem/hcpcs/",
                "HTTP://WWW.AMA-ASSN.ORG/GO/CPT"):
        assert code_systems.system_of(uri) is None


# --- wherever a code is read (plain dicts, no Flask) ----------------------------------------------

def _order(system, code, **fields):
    return {"resourceType": "ServiceRequest", "id": "o1", "status": "draft", "intent": "order",
            "subject": {"reference": "Patient/x"}, "code": {"coding": [{"system": system, "code": code}]}, **fields}


CODES = [(system, "0592T") for system in code_systems.CPT.uris] + [(system, "H0038") for system in code_systems.HCPCS.uris]


@pytest.mark.parametrize("system, code", CODES)
def test_an_order_coded_in_any_alias_is_read_and_answered_in_the_canonical_system(system, code):
    found = map_request(_order(system, code), Resources())
    canonical = code_systems.system_of(system).canonical.uri
    assert found.billing == {"system": canonical, "code": code}
    assert found.answers["service"] == ("coaching" if code == "0592T" else "peer_support")


@pytest.mark.parametrize("system, code", CODES)
def test_billing_options_appointment_types_and_based_on_orders_read_every_alias(system, code):
    from app.crd.fhir_resources import BILLING_OPTIONS
    canonical = code_systems.system_of(system).canonical.uri
    local = {"coding": [{"system": "http://example.org/orders", "code": "x"}]}
    billed = _order("http://example.org/orders", "x")
    billed["code"]["extension"] = [{"url": BILLING_OPTIONS, "valueCodeableConcept": {"coding": [{"system": system, "code": code}]}}]
    assert map_request(billed, Resources()).billing["system"] == canonical
    concept = {"coding": [{"system": system, "code": code}]}
    for field, value in (("serviceType", [concept]), ("appointmentType", concept)):
        appointment = {"resourceType": "Appointment", "id": "a1", "status": "proposed", field: value,
                       "participant": [{"status": "accepted", "actor": {"reference": "Patient/x"}}]}
        assert map_request(appointment, Resources()).billing == {"system": canonical, "code": code}
    based = {"resourceType": "Appointment", "id": "a2", "status": "proposed", "serviceType": [local],
             "basedOn": [{"reference": "ServiceRequest/o1"}],
             "participant": [{"status": "accepted", "actor": {"reference": "Patient/x"}}]}
    assert map_request(based, Resources([_order(system, code)])).billing["system"] == canonical


@pytest.mark.parametrize("system", code_systems.ICD10CM.uris)
def test_a_diagnosis_in_any_icd10cm_alias_is_read_in_reason_codes_and_conditions(system):
    reason = _order(code_systems.CPT.canonical.uri, "0592T", reasonCode=[{"coding": [{"system": system, "code": "F32.9"}]}])
    assert map_request(reason, Resources()).answers["diagnosis"] == "mental_health"
    condition = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/x"},
                 "code": {"coding": [{"system": system, "code": "F10.20"}]}}
    assert map_request(_order(code_systems.CPT.canonical.uri, "0592T"), Resources([condition])).answers["diagnosis"] == \
        "substance_use"


@pytest.mark.parametrize("system", ["http://example.org/local-procedure-codes", "urn:oid:2.16.840.1.113883.6.96",
                                    "http://snomed.info/sct", None])
def test_an_a015_code_in_a_system_we_do_not_know_gets_no_answer(system):
    coding = {"code": "H0038"} if system is None else {"system": system, "code": "H0038"}
    order = _order("x", "x")
    order["code"] = {"coding": [coding]}
    assert map_request(order, Resources()) is None


def test_a_diagnosis_in_a_system_we_do_not_know_stays_unknown():
    order = _order(code_systems.CPT.canonical.uri, "0592T",
                   reasonCode=[{"coding": [{"system": "http://example.org/icd", "code": "F32.9"}]}])
    assert map_request(order, Resources()).answers["diagnosis"] == "unknown"


# --- a request shaped like the CRD reference implementation's --------------------------------------

def test_the_reference_implementations_blue_button_hcpcs_order_gets_its_card_and_action(client):
    body = call(client, ORDER_SIGN, load("order-sign-ri-shaped-a015.json"))
    found = check_response(body)
    # H0038 under Blue Button and 0591T under the CPT OID; not the ambulance order, not the local system's H0038
    assert set(found) == {"123", "125"}
    assert len(body["cards"]) == 2
    assert parts(found["123"], "billingCode") == [{"system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
                                                   "code": "H0038", "display": "Self-help/peer services, per 15 minutes"}]
    assert parts(found["125"], "billingCode")[0]["system"] == "http://www.ama-assn.org/go/cpt"
    assert parts(found["123"], "coverage") == [{"reference": "Coverage/cov-ri-1"}]
    assert "HCPCS H0038" in body["cards"][0]["summary"] and "CPT 0591T" in body["cards"][1]["summary"]
    reference = parts(found["123"], "coverage-assertion-id")[0]
    answers = client.get(f"/api/v1/determinations/{reference}").get_json()["determination"]["answers"]
    assert answers["state"] == "MA" and answers["service"] == "peer_support"


def test_an_order_in_no_system_we_know_still_gets_no_card_and_no_action(client):
    body = load("order-sign-ri-shaped-a015.json")
    body["context"]["draftOrders"]["entry"] = [e for e in body["context"]["draftOrders"]["entry"]
                                               if e["resource"]["id"] in ("124", "126")]
    assert call(client, ORDER_SIGN, body) == {"cards": []}


def _as_the_reference_implementation_sends_it() -> dict:
    """The same request without what its generator leaves out: each Bundle's type, the Coverage's status and
    beneficiary (all required by FHIR R4, none read by this service)."""
    body = load("order-sign-ri-shaped-a015.json")
    for bundle in [body["context"]["draftOrders"], *body["prefetch"].values()]:
        del bundle["type"]
    coverage = body["prefetch"]["coverageBundle"]["entry"][0]["resource"]
    del coverage["status"], coverage["beneficiary"]
    return body


def _judged(body: dict) -> list:
    """What a response says of each order, without the reference numbers its saving gave."""
    found = check_response(body)
    return sorted((order, parts(info, "covered"), parts(info, "billingCode"), parts(info, "coverage"),
                   card["indicator"]) for (order, info), card in zip(sorted(found.items()), body["cards"]))


def test_a_request_without_the_bundle_type_and_coverage_status_and_beneficiary_is_judged_as_one_with_them(client):
    lenient = call(client, ORDER_SIGN, _as_the_reference_implementation_sends_it())
    assert _judged(lenient) == _judged(call(client, ORDER_SIGN, load("order-sign-ri-shaped-a015.json")))
    assert set(check_response(lenient)) == {"123", "125"}


def _entry(body: dict, key: str, kind: str) -> dict:
    return next(e["resource"] for e in body["prefetch"][key]["entry"] if e["resource"]["resourceType"] == kind)


@pytest.mark.parametrize("mutate, where", [
    (lambda b: _entry(b, "coverageBundle", "Coverage").update(status=3), "prefetch.coverageBundle.entry[0]"),
    (lambda b: _entry(b, "serviceRequestBundle", "PractitionerRole").update(location="Location/loc-ri-1"),
     "prefetch.serviceRequestBundle.entry[4]"),
    (lambda b: _entry(b, "serviceRequestBundle", "Location").update(address="Bedford, MA"),
     "prefetch.serviceRequestBundle.entry[3]"),
    (lambda b: _entry(b, "serviceRequestBundle", "Organization").update(id="not an id"),
     "prefetch.serviceRequestBundle.entry[2]"),
    (lambda b: _entry(b, "serviceRequestBundle", "Organization").update(
        contained=[{"resourceType": "Location", "id": "x", "physicalType": "vi"}]),
     "prefetch.serviceRequestBundle.entry[2].resource.contained[0]"),
    (lambda b: b["prefetch"]["coverageBundle"].update(entry={"resource": {}}), "prefetch.coverageBundle.entry"),
    (lambda b: b["context"]["draftOrders"]["entry"][0]["resource"].pop("status"), "context.draftOrders.entry[0]"),
])
def test_what_the_service_reads_of_a_lenient_request_is_still_checked(client, mutate, where):
    body = _as_the_reference_implementation_sends_it()
    mutate(body)
    response = client.post(ORDER_SIGN, json=body)
    assert response.status_code == 400
    assert any(key.startswith(where) for key in response.get_json()["errors"]), response.get_json()


def test_an_element_the_service_does_not_read_is_passed_over():
    from app.crd.hook import HookError, read_resource
    coverage = {"resourceType": "Coverage", "id": "c", "beneficiary": "Patient/1", "payor": 5}
    assert read_resource(coverage, "prefetch.coverage") is coverage
    for element in ("status", "id"):
        with pytest.raises(HookError):
            read_resource({**coverage, element: 5}, "prefetch.coverage")
