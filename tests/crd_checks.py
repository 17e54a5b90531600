"""What every CDS Hooks answer must be: JSON Schemas written from CDS Hooks 2.0, FHIR R4 resources that
parse, and the coverage-information invariants of Da Vinci CRD (crd-ci-q1 to q5, and q3 both ways)."""
import json
from pathlib import Path

import jsonschema
from fhir.resources.R4B import get_fhir_model_class

DATA = Path(__file__).resolve().parent / "data" / "crd"
COVERAGE_INFORMATION = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"

_TEXT = {"type": "string", "minLength": 1}  # CDS Hooks: no empty strings, arrays or objects
_CODING = {"type": "object", "required": ["code"], "minProperties": 1,
           "properties": {"system": _TEXT, "code": _TEXT, "display": _TEXT}, "additionalProperties": False}
_ACTION = {"type": "object", "required": ["type", "description"],
           "properties": {"type": {"enum": ["create", "update", "delete"]}, "description": _TEXT,
                          "resource": {"type": "object", "required": ["resourceType"]}, "resourceId": _TEXT},
           "allOf": [{"if": {"properties": {"type": {"enum": ["create", "update"]}}},
                      "then": {"required": ["resource"]}}],
           "additionalProperties": False}
# appContext "should only be valued if the link type is smart and is not valid for absolute links"
_LINK = {"type": "object", "required": ["label", "url", "type"],
         "properties": {"label": _TEXT, "url": {"type": "string", "pattern": "^https?://"},
                        "type": {"enum": ["absolute", "smart"]}, "appContext": _TEXT, "autolaunchable": {"type": "boolean"}},
         "allOf": [{"if": {"required": ["appContext"]}, "then": {"properties": {"type": {"const": "smart"}}}}],
         "additionalProperties": False}
_CARD = {"type": "object", "required": ["summary", "indicator", "source"],
         "properties": {
             "uuid": _TEXT, "summary": {"type": "string", "minLength": 1, "maxLength": 139}, "detail": _TEXT,
             "indicator": {"enum": ["info", "warning", "critical"]},
             "source": {"type": "object", "required": ["label"], "additionalProperties": False,
                        "properties": {"label": _TEXT, "url": _TEXT, "icon": _TEXT, "topic": _CODING}},
             "suggestions": {"type": "array", "minItems": 1},
             "selectionBehavior": {"enum": ["at-most-one", "any"]},
             "overrideReasons": {"type": "array", "minItems": 1, "items": _CODING},
             "links": {"type": "array", "minItems": 1, "items": _LINK}},
         "dependentRequired": {"suggestions": ["selectionBehavior"]},
         "additionalProperties": False}
RESPONSE_SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["cards"],
                   "properties": {"cards": {"type": "array", "items": _CARD},
                                  "systemActions": {"type": "array", "minItems": 1, "items": _ACTION}},
                   "additionalProperties": False}
DISCOVERY_SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["services"],
                    "properties": {"services": {"type": "array", "items": {
                        "type": "object", "required": ["hook", "description", "id"],
                        "properties": {"hook": _TEXT, "title": _TEXT, "description": _TEXT,
                                       "id": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"},
                                       "prefetch": {"type": "object", "minProperties": 1, "additionalProperties": _TEXT},
                                       "usageRequirements": _TEXT, "extension": {"type": "object", "minProperties": 1}},
                        "additionalProperties": False}}}}
ERROR_SCHEMA = {"type": "object", "required": ["errors"], "additionalProperties": False,
                "properties": {"errors": {"type": "object", "minProperties": 1, "additionalProperties": _TEXT}}}


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def parse_fhir(resource: dict):
    """Every returned resource must parse as FHIR (fhir.resources' R4B models, which read R4)."""
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def coverage_information(resource: dict) -> list[dict]:
    return [e for e in resource.get("extension", []) if e["url"] == COVERAGE_INFORMATION]


def parts(extension: dict, url: str) -> list:
    found = []
    for part in extension["extension"]:
        if part["url"] == url:
            (value,) = [v for k, v in part.items() if k.startswith("value")]
            found.append(value)
    return found


def check_invariants(extension: dict) -> None:
    """crd-ci-q1..q5 as CRD 2.1 words them, with q3 read as its description says: info-needed iff conditional."""
    names = [p["url"] for p in extension["extension"]]
    assert set(names) <= {"coverage", "covered", "pa-needed", "doc-needed", "doc-purpose", "info-needed", "billingCode",
                          "reason", "detail", "dependency", "questionnaire", "date", "coverage-assertion-id",
                          "satisfied-pa-id", "contact", "expiry-date"}
    for one in ("coverage", "covered", "date", "coverage-assertion-id"):
        assert names.count(one) == 1, one
    assert names.count("pa-needed") <= 1
    covered, = parts(extension, "covered")
    assert covered in ("covered", "not-covered", "conditional")
    pa = parts(extension, "pa-needed")
    assert all(p in ("no-auth", "auth-needed", "satisfied", "performpa", "conditional") for p in pa)
    # q1: a questionnaire only with doc-needed
    assert not parts(extension, "questionnaire") or parts(extension, "doc-needed")
    # q2: not-covered has no pa-needed
    assert covered != "not-covered" or not pa
    # q3: info-needed exactly when covered, pa-needed or doc-needed is conditional
    conditional = "conditional" in [covered, *pa, *parts(extension, "doc-needed")]
    assert bool(parts(extension, "info-needed")) == conditional
    assert all(i in ("performer", "location", "timeframe", "contract-window", "OTH") for i in parts(extension, "info-needed"))
    # q4: satisfied prior authorization never asks for documentation with a PA
    assert "satisfied" not in pa or "withpa" not in parts(extension, "doc-purpose")
    # q5: satisfied-pa-id exactly when pa-needed is satisfied
    assert ("satisfied" in pa) == bool(parts(extension, "satisfied-pa-id"))
    # q6 and q7 (CRD 2.1): OTH has a reason, and every reason has text
    assert "OTH" not in parts(extension, "info-needed") or parts(extension, "reason")
    assert all(r.get("text") for r in parts(extension, "reason"))
    assert parts(extension, "coverage")[0].get("reference", "").startswith("Coverage/")


def check_response(body: dict) -> dict:
    """Validate a hook answer whole; returns {resource id: (its coverage-information extension)}."""
    jsonschema.validate(body, RESPONSE_SCHEMA)
    found = {}
    for action in body.get("systemActions", []):
        resource = action["resource"]
        parse_fhir(resource)
        (extension,) = coverage_information(resource)
        check_invariants(extension)
        found[resource["id"]] = extension
    return found
