"""FHIR resources as plain dicts -> the wizard's answers: no Flask, no database."""
import pytest

from app.coverage.answers import parse_answers
from app.crd.fhir_answers import CPT, HCPCS, POS, Resources, map_request
from app.crd.fhir_credentials import NUCC_SYSTEM, credential_for

ICD = "http://hl7.org/fhir/sid/icd-10-cm"
LOCATION = {"resourceType": "Location", "id": "office", "address": {"state": "NY"}}


def role(codes=(), practitioner="p1", location="office"):
    return {"resourceType": "PractitionerRole", "id": "r1", "practitioner": {"reference": f"Practitioner/{practitioner}"},
            "location": [{"reference": f"Location/{location}"}],
            "code": [{"coding": [{"system": NUCC_SYSTEM, "code": c} for c in codes]}]}


def person(*qualifications):
    return {"resourceType": "Practitioner", "id": "p1", "qualification": [{"code": q} for q in qualifications]}


def order(code="0592T", system=CPT, **fields):
    base = {"resourceType": "ServiceRequest", "id": "o1", "status": "draft", "intent": "order",
            "subject": {"reference": "Patient/x"}, "code": {"coding": [{"system": system, "code": code}]},
            "performer": [{"reference": "PractitionerRole/r1"}]}
    return {**base, **fields}


def mapped(resource, *others):
    return map_request(resource, Resources(list(others), [resource]))


# --- the credential ------------------------------------------------------------------------------

@pytest.mark.parametrize("service, qualification, credential", [
    ("coaching", {"text": "NBC-HWC"}, "nbhwc"),
    ("coaching", {"coding": [{"system": "http://example.org", "code": "x", "display": "National Board Certified Health & Wellness Coach"}]}, "nbhwc"),
    ("coaching", {"text": "MCHES"}, "nchec"),
    ("coaching", {"text": "Certified Health Education Specialist (CHES)"}, "nchec"),
    ("peer_support", {"text": "Certified Peer Specialist, Texas"}, "certified_peer"),
    ("peer_support", {"text": "Peer Recovery Specialist certification"}, "certified_peer"),
    ("coaching", {"text": "LCSW"}, "licensed"),
    ("coaching", {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0360", "code": "MD"}]}, "unknown"),
    ("coaching", {"text": "Certified Wellness Coach (private program)"}, "other_certification"),
    ("coaching", {"text": "Bachelor of Arts"}, "unknown"),
    ("coaching", {"coding": [{"system": NUCC_SYSTEM, "code": "103TC0700X"}]}, "licensed"),
])
def test_a_qualification_gives_the_credential(service, qualification, credential):
    assert credential_for(service, [], [person(qualification)]) == credential


DEGREES = "http://terminology.hl7.org/CodeSystem/v2-0360"


def holder(*qualifications):
    """A Practitioner with these qualifications as written (code, period, issuer)."""
    return {"resourceType": "Practitioner", "id": "p1", "qualification": list(qualifications)}


@pytest.mark.parametrize("service, qualification", [
    ("coaching", {"code": {"text": "NBC-HWC candidate (exam pending)"}}),
    ("coaching", {"code": {"text": "CHES-eligible"}}),
    ("coaching", {"code": {"text": "LCSW (license expired)"}}),
    ("coaching", {"code": {"coding": [{"system": "http://example.org", "code": "x", "display": "MCHES, lapsed"}]}}),
    ("peer_support", {"code": {"text": "Certified Peer Specialist applicant"}}),
    ("peer_support", {"code": {"text": "Peer Recovery Specialist certification, in training"}}),
    ("coaching", {"code": {"text": "LPC intern"}}),
    ("coaching", {"code": {"text": "Licensed clinical social worker (revoked)"}}),
    ("coaching", {"code": {"text": "NBC-HWC"}, "period": {"end": "2023-12-31"}}),   # ended before the visit
    ("coaching", {"code": {"text": "NBC-HWC"}, "period": {"start": "2024-06-01"}}),  # starts after it
    ("coaching", {"code": {"text": "NBC-HWC"}, "period": {"end": "2023"}}),
    ("coaching", {"code": {"coding": [{"system": DEGREES, "code": "MSW"}]}}),
    ("coaching", {"code": {"coding": [{"system": DEGREES, "code": "PHD", "display": "Doctor of Philosophy"}]}}),
    ("coaching", {"code": {"coding": [{"system": DEGREES, "code": "DO"}], "text": "DO"}}),
    ("peer_support", {"code": {"text": "Certified Peer Specialist (Georgia)"}}),
    ("peer_support", {"code": {"text": "Certified Peer Specialist"}, "issuer": {"display": "Georgia Certification Board"}}),
    ("peer_support", {"code": {"text": "Certified Peer Specialist (GA)"}}),
])
def test_a_qualification_not_held_for_this_service_on_this_date_in_this_state_leaves_the_credential_not_known(
        service, qualification):
    assert credential_for(service, [], [holder(qualification)], "2024-03-01", "TX") == "unknown"


@pytest.mark.parametrize("qualification, credential", [
    ({"code": {"text": "NBC-HWC"}, "period": {"start": "2020-01-01", "end": "2026-12-31"}}, "nbhwc"),
    ({"code": {"text": "NBC-HWC"}, "period": {"end": "2024-03"}}, "nbhwc"),  # through March 2024
    ({"code": {"text": "Certified Peer Specialist (Texas)"}}, "certified_peer"),
    ({"code": {"text": "Certified Peer Specialist"}, "issuer": {"display": "Texas Certification Board"}}, "certified_peer"),
    ({"code": {"text": "PA-C"}}, "licensed"),  # a physician assistant, not Pennsylvania
    ({"code": {"text": "Certified International Coach"}}, "other_certification"),  # "intern" only as a word
])
def test_a_qualification_held_on_the_date_in_the_services_state_is_read(qualification, credential):
    assert credential_for("peer_support" if "Peer" in str(qualification) else "coaching", [], [holder(qualification)],
                          "2024-03-01", "TX") == credential


def test_a_state_whose_name_holds_another_states_is_read_as_itself():
    # "West Virginia" names West Virginia, not also Virginia: for a service in Virginia it is another state's
    west = holder({"code": {"text": "Certified Peer Specialist"}, "issuer": {"display": "West Virginia Certification Board"}})
    assert credential_for("peer_support", [], [west], "2024-03-01", "VA") == "unknown"
    assert credential_for("peer_support", [], [west], "2024-03-01", "WV") == "certified_peer"


def test_the_best_readable_qualification_decides_when_others_are_not_read():
    people = [holder({"code": {"text": "NBC-HWC candidate"}}, {"code": {"text": "LCSW"}},
                     {"code": {"coding": [{"system": DEGREES, "code": "MD"}]}})]
    assert credential_for("coaching", [], people, "2024-03-01", "TX") == "licensed"


@pytest.mark.parametrize("taxonomy, credential", [
    ("175T00000X", "certified_peer"),   # peer specialist
    ("1041C0700X", "licensed"),         # clinical social worker
    ("2084P0800X", "licensed"),         # psychiatry
    ("174H00000X", "unknown"),          # health educator: a profession, not the CHES certificate
    ("172V00000X", "unknown"),          # community health worker
])
def test_a_taxonomy_code_is_a_licence_only_where_the_profession_needs_one(taxonomy, credential):
    assert credential_for("peer_support", [role([taxonomy])], []) == credential


def test_the_credential_that_meets_the_service_is_preferred():
    both = [person({"text": "LCSW"}), person({"text": "NBC-HWC"})]
    assert credential_for("coaching", [], both) == "nbhwc"
    assert credential_for("peer_support", [], both) == "licensed"


# --- the other answers ----------------------------------------------------------------------------

def test_an_order_gives_service_session_minutes_date_state_setting_and_delivery():
    resource = order(quantityQuantity={"value": 1, "unit": "h", "code": "h"}, occurrenceDateTime="2024-05-02T09:00:00-04:00",
                     locationCode=[{"coding": [{"system": POS, "code": "11"}]}],
                     reasonCode=[{"coding": [{"system": ICD, "code": "F32.9"}]}])
    result = mapped(resource, role(), person({"text": "NBC-HWC"}), LOCATION)
    assert result.answers == {"audience": "provider", "service": "coaching", "session": "follow_up", "group": False,
                              "diagnosis": "mental_health", "credential": "nbhwc", "state": "NY", "setting": "outpatient",
                              "delivery": "in_person", "minutes": 60, "date_of_service": "2024-05-02"}
    assert result.info_needed == []
    parse_answers(result.answers)  # the answers the engine takes, as they are


def test_what_the_resources_do_not_say_is_left_out():
    result = mapped(order("H0038", HCPCS, performer=[]))
    assert result.answers == {"audience": "provider", "service": "peer_support", "diagnosis": "unknown",
                              "credential": "unknown"}
    assert result.info_needed == ["performer", "location", "timeframe"]


def test_an_appointment_reads_its_duration_from_start_and_end():
    appointment = {"resourceType": "Appointment", "id": "a1", "status": "proposed",
                   "serviceType": [{"coding": [{"system": CPT, "code": "0591T"}]}],
                   "start": "2024-03-01T10:00:00-05:00", "end": "2024-03-01T11:15:00-05:00",
                   "participant": [{"actor": {"reference": "Location/office"}, "status": "accepted"}]}
    result = mapped(appointment, LOCATION)
    assert result.billing == {"system": CPT, "code": "0591T"}
    assert result.answers["minutes"] == 75 and result.answers["session"] == "initial"
    assert result.answers["state"] == "NY" and result.answers["delivery"] == "in_person"


def test_an_appointment_based_on_an_order_takes_the_orders_code():
    appointment = {"resourceType": "Appointment", "id": "a1", "status": "proposed", "minutesDuration": 30,
                   "basedOn": [{"reference": "ServiceRequest/o1"}], "participant": []}
    result = mapped(appointment, order("0593T"))
    assert result.answers["group"] is True and result.answers["minutes"] == 30


def test_crds_billing_options_extension_is_read():
    resource = order()
    resource["code"] = {"coding": [{"system": "http://snomed.info/sct", "code": "1"}], "extension": [
        {"url": "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-billing-options",
         "valueCodeableConcept": {"coding": [{"system": HCPCS, "code": "H0038"}]}}]}
    assert mapped(resource).billing["code"] == "H0038"


@pytest.mark.parametrize("location, setting, delivery", [
    ({"locationCode": [{"coding": [{"system": POS, "code": "02"}]}]}, "outpatient", "telehealth"),
    ({"locationCode": [{"coding": [{"system": POS, "code": "21"}]}]}, "inpatient", "in_person"),
    ({"locationCode": [{"coding": [{"system": POS, "code": "55"}]}]}, "residential", "in_person"),
])
def test_the_place_of_service_gives_setting_and_delivery(location, setting, delivery):
    result = mapped(order(**location))
    assert (result.answers["setting"], result.answers["delivery"]) == (setting, delivery)


def test_a_virtual_location_is_telehealth():
    virtual = {**LOCATION, "physicalType": {"coding": [{"code": "vi"}]}}
    assert mapped(order(), role(), virtual).answers["delivery"] == "telehealth"


def test_a_virtual_encounter_is_telehealth_when_nothing_closer_says():
    encounter = {"resourceType": "Encounter", "id": "e1", "status": "planned",
                 "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VR"}}
    result = mapped(order(encounter={"reference": "Encounter/e1"}, performer=[]), encounter)
    assert (result.answers["setting"], result.answers["delivery"]) == ("outpatient", "telehealth")


@pytest.mark.parametrize("value, minutes", [(45.5, 45), (29.5, 29), (30.0, 30), (59.99, 59)])
def test_minutes_that_are_not_whole_are_read_as_the_whole_minutes_reached(value, minutes):
    result = mapped(order(quantityQuantity={"value": value, "unit": "min", "code": "min"}), role(), LOCATION)
    assert result.answers["minutes"] == minutes


def test_a_follow_up_of_29_and_a_half_minutes_is_short_of_the_30_minute_minimum():
    from app.coverage.engine import evaluate
    from app.coverage.policy import default_policy_path, load_policy
    result = mapped(order(quantityQuantity={"value": 29.5, "unit": "min", "code": "min"}), role(), LOCATION)
    answers = parse_answers({**result.answers, "diagnosis": "mental_health", "credential": "nbhwc"})
    shown = evaluate(answers, load_policy(default_policy_path())).to_dict()
    code = next(r for r in shown["reasons"] if r["id"].startswith("code"))
    assert code["status"] == "not_met" and shown["codes"][0]["units"] == 0


@pytest.mark.parametrize("given, day", [("2022", "2022-01-01"), ("2023-04", "2023-04-01"), ("2023-13", None),
                                        ("2023-04-15T09:00:00-05:00", "2023-04-15")])
def test_a_date_of_only_a_year_or_month_is_read_as_its_first_day(given, day):
    result = mapped(order(occurrenceDateTime=given), role(), LOCATION)
    assert result.answers.get("date_of_service") == day
    assert result.partial_date == (given if day and len(given) < 10 else None)


def test_minutes_out_of_range_are_left_out():
    assert "minutes" not in mapped(order(quantityQuantity={"value": 9, "code": "h"})).answers


@pytest.mark.parametrize("code, system", [("0591t", CPT), ("0592t", CPT), ("h0038", HCPCS)])
def test_a_lower_case_code_is_not_an_a015_code(code, system):
    assert mapped(order(code, system), LOCATION) is None


def test_a_service_a015_does_not_cover_maps_to_nothing():
    assert mapped(order("99213")) is None
    assert mapped(order("H0038", CPT)) is None  # the right code in the wrong system


def test_an_appointments_encounter_type_gives_setting_and_delivery():
    appointment = {"resourceType": "Appointment", "id": "a1", "status": "proposed", "participant": [],
                   "serviceType": [{"coding": [{"system": CPT, "code": "0592T"}]}],
                   "serviceCategory": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                                    "code": "VR"}]}]}
    result = mapped(appointment)
    assert (result.answers["setting"], result.answers["delivery"]) == ("outpatient", "telehealth")


def test_the_performers_own_address_tells_the_state_when_no_place_does():
    practitioner = {**person({"text": "NBC-HWC"}), "address": [{"state": "BC"}, {"state": "Massachusetts"}]}
    resource = order(performer=[{"reference": "Practitioner/p1"}])
    assert mapped(resource, practitioner).answers["state"] == "MA"


def test_the_kind_of_performer_is_read_when_no_one_is_named():
    resource = order("H0038", HCPCS, performer=[],
                     performerType={"coding": [{"system": NUCC_SYSTEM, "code": "175T00000X"}]})
    assert mapped(resource).answers["credential"] == "certified_peer"


def test_a_coaching_certificate_from_an_accredited_program_is_read_as_such():
    from app.crd.fhir_credentials import credential_for
    practitioner = {"resourceType": "Practitioner", "qualification": [
        {"code": {"text": "Coaching certification, accredited training program"}}]}
    assert credential_for("coaching", [], [practitioner]) == "coaching_program"
