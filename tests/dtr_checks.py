"""What every DTR answer must be: FHIR R4 resources that parse (fhir.resources' R4B models), the constraints of
the DTR 2.1 profiles they claim that a model cannot check, and a way to walk an adaptive form."""
import copy
import json
from pathlib import Path

from crd_checks import check_invariants, coverage_information, parse_fhir

DATA = Path(__file__).resolve().parent / "data" / "dtr"
PACKAGE = "/fhir/Questionnaire/$questionnaire-package"
NEXT = "/fhir/Questionnaire/$next-question"
FHIR_JSON = "application/fhir+json"
ORIGIN = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin"
CONTEXT = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context"
INTENDED_USE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse"
ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
CANONICAL = "http://localhost/fhir/Questionnaire/a015"
ANSWERS = "http://localhost/fhir/CodeSystem/a015-answers"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def post(client, url: str, body, **headers):
    return client.post(url, data=json.dumps(body), content_type=FHIR_JSON, headers=headers)


def items(item_list):
    """Every item, nested ones included."""
    for item in item_list or ():
        yield item
        yield from items(item.get("item"))


def check_items(questionnaire: dict, adaptive: bool) -> None:
    """R4's que-1, que-9 and que-12, unique linkIds, DTR's dtrq-2 (choices have answers); no enableWhen when
    adaptive (DTR 2.1's adaptive profile has none: the server decides what is asked)."""
    link_ids = [i["linkId"] for i in items(questionnaire.get("item"))]
    assert len(link_ids) == len(set(link_ids)), link_ids
    for item in items(questionnaire.get("item")):
        assert item.get("text"), item["linkId"]
        if item["type"] == "display":
            assert "item" not in item and "readOnly" not in item and "required" not in item, item["linkId"]
        if item["type"] == "group":
            assert item.get("item"), item["linkId"]
        if item["type"] == "choice":
            assert item.get("answerOption"), item["linkId"]
        if len(item.get("enableWhen", [])) > 1:
            assert item.get("enableBehavior") in ("all", "any")
        if adaptive:
            assert "enableWhen" not in item


def check_questionnaire(questionnaire: dict) -> None:
    parse_fhir(questionnaire)
    assert questionnaire["subjectType"] == ["Patient"] and questionnaire["text"]["div"]
    assert questionnaire["url"] == CANONICAL and questionnaire["status"] == "active"
    assert any(e["url"] == ADAPTIVE for e in questionnaire["extension"])
    check_items(questionnaire, adaptive=False)


def contained(response: dict) -> dict:
    assert response["questionnaire"].startswith("#")
    (found,) = [r for r in response.get("contained", []) if r["resourceType"] == "Questionnaire"
                and r["id"] == response["questionnaire"][1:]]
    return found


def check_response(response: dict, sent_context: bool = True) -> dict:
    """An adaptive DTR QuestionnaireResponse: its contained Questionnaire (derived from ours, no url or version),
    its intended use, each item a question of that Questionnaire; its coverage information obeying CRD's
    invariants, there when completed. Its context is the client's, given back: with `sent_context` it names a
    Coverage. Returns the contained Questionnaire."""
    parse_fhir(response)
    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["status"] in ("in-progress", "completed")
    assert response["item"], "DTR 2.1: item 1..*"
    form = contained(response)
    assert "url" not in form and "version" not in form
    assert form["derivedFrom"][0].startswith(CANONICAL + "|")
    check_items(form, adaptive=True)
    assert any(e["url"] == INTENDED_USE for e in response["extension"])
    if sent_context:
        assert any(e["url"] == CONTEXT and e["valueReference"]["reference"].startswith("Coverage/")
                   for e in response["extension"])
    known = {i["linkId"] for i in items(form["item"])}
    for item in items(response.get("item")):
        assert item["linkId"] in known, item["linkId"]
    for extension in coverage_information(response):
        check_invariants(extension)
    assert not coverage_information(response) or response["status"] == "completed"
    if sent_context:
        assert bool(coverage_information(response)) == (response["status"] == "completed")
    return form


REQUESTS = ("Appointment", "DeviceRequest", "Encounter", "MedicationRequest", "NutritionOrder", "ServiceRequest")


def check_profile(response: dict, order_sent: bool | None = None) -> None:
    """DTR 2.1's dtr-questionnaireresponse, the cardinalities it sets (github.com/HL7/davinci-dtr, tag 2.1.0,
    input/fsh/DTRQuestionnaireResponse.fsh): questionnaire 1..1, item 1..*, basedOn and partOf 0..0,
    intendedUse 1..*, an information-origin on each answer (1..1), and qr-context 2..*, "at least one context
    that refers to a patient Coverage AND at least one context that refers to a Request resource or Encounter":
    the request where the EHR sent one (`order_sent`; None: either). subject 1..1 is the caller's to check,
    since it comes from the Coverage's beneficiary, by reference alone."""
    assert isinstance(response["questionnaire"], str) and response["questionnaire"]
    assert len(response["item"]) >= 1
    assert "basedOn" not in response and "partOf" not in response
    assert sum(e["url"] == INTENDED_USE for e in response["extension"]) >= 1
    for item in items(response["item"]):
        for given in item.get("answer", []):
            assert [e["url"] for e in given.get("extension", [])].count(ORIGIN) == 1, item["linkId"]
    contexts = [e["valueReference"]["reference"].split("/")[0] for e in response["extension"] if e["url"] == CONTEXT]
    assert "Coverage" in contexts
    if order_sent is not None:
        assert any(kind in REQUESTS for kind in contexts) == order_sent
        assert (len(contexts) >= 2) == order_sent


def check_package(parameters: dict) -> list[dict]:
    """The output Parameters; returns the package Bundles, each checked (DTR's dtrb-1: the Questionnaire first)."""
    parse_fhir(parameters)
    assert parameters["resourceType"] == "Parameters"
    bundles = [p["resource"] for p in parameters["parameter"] if p["name"] == "PackageBundle"]
    for bundle in bundles:
        assert bundle["type"] == "collection"
        questionnaire, response = (e["resource"] for e in bundle["entry"])
        check_questionnaire(questionnaire)
        form = check_response(response)
        check_profile(response)
        assert form["derivedFrom"] == [f"{questionnaire['url']}|{questionnaire['version']}"]
    return bundles


def answers_of(response: dict) -> dict:
    """linkId -> the answer's value as sent (its code for a Coding), for the questions answered."""
    found = {}
    for item in response.get("item", []):
        if item.get("answer"):
            value = {k: v for k, v in item["answer"][0].items() if k.startswith("value")}
            (value,) = value.values()
            found[item["linkId"]] = value["code"] if isinstance(value, dict) else value
    return found


def answer(name: str, value) -> dict:
    """An answer as a DTR client sends it for this question."""
    if name == "minutes":
        given = {"valueInteger": value}
    elif name == "date_of_service":
        given = {"valueDate": value}
    else:
        system = "https://www.usps.com/" if name == "state" else ANSWERS
        given = {"valueCoding": {"system": system, "code": value}}
    return given


def walk(client, response: dict, path: dict, wrap=True, limit: int = 12) -> tuple[dict, list[str]]:
    """Answer each question the response asks and has no answer to, as `path` says (a question missing from
    `path` is left blank), and ask $next-question again, until the form is completed. Returns the completed
    response and the questions in the order asked."""
    asked = []
    for _ in range(limit):
        response = copy.deepcopy(response)
        answered = {i["linkId"] for i in response.get("item", []) if i.get("answer")}
        for question in contained(response).get("item", []):
            name = question["linkId"]
            if name in answered or name in asked:
                continue
            asked.append(name)
            answer_item(response, name, path.get(name))
        body = {"resourceType": "Parameters", "parameter": [{"name": "questionnaire-response", "resource": response}]}
        sent = post(client, NEXT, body if wrap else response)
        assert sent.status_code == 200, sent.get_json()
        response = sent.get_json()
        check_response(response)
        if response["status"] == "completed":
            return response, asked
    raise AssertionError(f"no end after {limit} questions: {asked}")


def answer_item(response: dict, name: str, value) -> None:
    """Answer question `name` in the response (None: leave it blank), in the item it asks it with, or a new one."""
    item = next((i for i in response.setdefault("item", []) if i["linkId"] == name), None)
    if item is None:
        item = {"linkId": name}
        response["item"].append(item)
    if value is not None:
        item["answer"] = [answer(name, value)]


def next_asked(response: dict) -> list[str]:
    """The questions a response asks and has no answer to."""
    return [i["linkId"] for i in response["item"] if not i.get("answer")]
