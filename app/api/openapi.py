"""The OpenAPI 3.1 description of the API, built from the same choices the API checks against."""
from functools import lru_cache

from ..coverage.answers import (AUDIENCES, CREDENTIALS, DELIVERIES, DIAGNOSES, MAX_MINUTES, MIN_MINUTES, NOT_SURE,
                                REQUIRED, SERVICES, SESSIONS, SETTINGS, STATES)
from ..coverage.engine import LIKELY_COVERED, LIKELY_NOT_COVERED, MET, NEEDS_REVIEW, NOT_MET, UNKNOWN

_STRING = {"type": "string"}
_NULLABLE = lambda schema: {"anyOf": [schema, {"type": "null"}]}  # noqa: E731
# a detail left out, null or "unknown": all three mean not known, and are judged the same way
_DETAIL = lambda schema, about="": {"anyOf": [schema, {"const": NOT_SURE}, {"type": "null"}],  # noqa: E731
                                    "description": (about + "; " if about else "") + "left out, null or \"unknown\": not known"}
_CITATION = {
    "type": "object",
    "required": ["section", "anchor", "quote"],
    "properties": {"section": _STRING, "anchor": _STRING, "quote": {"type": "string", "description": "verbatim policy words"}},
    "additionalProperties": False,
}
_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "object", "additionalProperties": _STRING,
                              "description": "a message for a person, per field"}},
}


# a row of the policy's code table: the policy prints its codes under "Eligible for Coverage"; of a code it does
# not print (0593T) it says nothing, so its eligibility is not known (null), never false
_POLICY_CODE = {
    "type": "object", "required": ["system", "code", "anchor", "descriptor", "eligible", "listed"],
    "properties": {"system": _STRING, "code": _STRING, "anchor": _STRING, "descriptor": _STRING,
                   "listed": {"type": "boolean", "description": "printed in the policy's table under \"Eligible for Coverage\""},
                   "eligible": {"anyOf": [{"const": True}, {"type": "null"}],
                                "description": "true for a code the policy lists as \"Eligible for Coverage\"; null for a "
                                               "code it does not print, of which it says nothing"},
                   "descriptor_source": _STRING}}


def _answers_schema(languages: tuple[str, ...]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in REQUIRED if name != "diagnosis"],
        # a diagnosis, or an ICD-10-CM code that gives it (null is "not given", as for the optional answers)
        "anyOf": [{"required": ["diagnosis"]},
                  {"required": ["diagnosis_code"], "properties": {"diagnosis_code": {"type": "string"}}}],
        "properties": {
            "diagnosis": {"enum": list(DIAGNOSES)},
            "diagnosis_code": _NULLABLE({"type": "string", "examples": ["F32.9", "F10.20"],
                               "description": "an ICD-10-CM code, instead of or with `diagnosis` (422 when they disagree); "
                                              "the policy names no codes: F10-F19 and O99.31-O99.33 are read as "
                                              "substance use, the rest of F01-F99 and O99.34 as mental health, and any "
                                              "other code says nothing either way (alone: unknown)"}),
            "service": {"enum": list(SERVICES)},
            "credential": {"enum": list(CREDENTIALS)},
            "state": {"enum": list(STATES), "description": "USPS code of the state or territory where the service is given"},
            "setting": _DETAIL({"enum": list(SETTINGS)}),
            "session": _DETAIL({"enum": list(SESSIONS)}, "coaching only; a session named is one-on-one"),
            "group": _DETAIL({"type": "boolean"}, "coaching only"),
            "minutes": _DETAIL({"type": "integer", "minimum": MIN_MINUTES, "maximum": MAX_MINUTES}),
            "delivery": _DETAIL({"enum": list(DELIVERIES)}),
            "date_of_service": _NULLABLE({"type": "string", "format": "date", "description": "defaults to today"}),
            "audience": _NULLABLE({"enum": list(AUDIENCES), "default": "member"}),
            "language": _NULLABLE({"enum": list(languages), "default": "en",
                                   "description": "the language of the texts (reasons, labels, warnings, disclaimer); "
                                                  "the policy's quotes stay in its own words, in English"}),
        },
    }


def _determination_schema() -> dict:
    reason = {"type": "object", "required": ["id", "status", "text", "citations"],
              "properties": {"id": _STRING, "status": {"enum": [MET, NOT_MET, UNKNOWN]}, "text": _STRING,
                             "citations": {"type": "array", "minItems": 1, "items": _CITATION},
                             "open_because": {"enum": ["not_known", "policy_silent"],
                                              "description": "why an unknown criterion is open"}}}
    code = {"type": "object", "required": ["system", "code", "descriptor", "eligible", "units"],
            "properties": {"system": {"enum": ["CPT", "HCPCS"]}, "code": _STRING, "descriptor": _STRING,
                           "eligible": {"anyOf": [{"type": "boolean"}, {"type": "null"}],
                                        "description": "whether this code's own conditions under the policy are met "
                                                       "on the answers, as if it were the code for the visit (its own "
                                                       "individual or group and session): true, false, or null when "
                                                       "not known; agrees with the code reason (in a determination "
                                                       "saved before `listed` was added, `eligible` meant listed)"},
                           "listed": {"type": "boolean",
                                      "description": "printed in the policy's table under \"Eligible for Coverage\""},
                           "units": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]},
                           "minutes_past_whole_units": {"type": "integer", "minimum": 1},
                           "descriptor_source": _STRING}}
    change = {"type": "object", "required": ["changes", "text"],
              "properties": {"text": _STRING, "changes": {"type": "array", "items": {
                  "type": "object", "required": ["field", "values", "kind"],
                  "properties": {"field": _STRING, "values": {"type": "array", "minItems": 1},
                                 "kind": {"enum": ["choice", "confirm"],
                                          "description": "choice: could be otherwise; confirm: not known yet"},
                                 "at_least": {"type": "integer", "description": "minutes: a minimum"}}}}}}
    warning = {"type": "object", "required": ["id", "text", "citations"],
               "properties": {"id": _STRING, "text": _STRING, "citations": {"type": "array", "items": _CITATION}}}
    return {
        "type": "object",
        "required": ["outcome", "reasons", "codes", "what_would_change", "warnings", "disclaimer", "policy"],
        "properties": {
            "reference": {"anyOf": [{"type": "string", "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"},
                                    {"type": "null"}],
                          "description": "the reference number the determination was saved under; null when it could not be saved"},
            "reference_note": {"type": "string", "description": "present when no reference could be saved"},
            "diagnosis_code": {"type": "object", "description": "the ICD-10-CM code sent, looked up: name, "
                               "billable or not, the diagnosis type it gives, and that the policy names no codes"},
            "outcome": {"enum": [LIKELY_COVERED, LIKELY_NOT_COVERED, NEEDS_REVIEW]},
            "outcome_label": _STRING,
            "reasons": {"type": "array", "items": reason},
            "codes": {"type": "array", "items": code},
            "what_would_change": {"type": "array", "items": change},
            "warnings": {"type": "array", "items": warning},
            "notes": {"type": "array", "items": warning,
                      "description": "what the policy's Purpose says every reader should know"},
            "policy_age": {"anyOf": [{"type": "null"}, {
                "type": "object", "required": ["overdue_for_review", "version", "next_review_date", "text", "citations"],
                "properties": {"overdue_for_review": {"type": "boolean"}, "version": _STRING,
                               "next_review_date": {"type": "string", "format": "date"}, "text": _STRING,
                               "citations": {"type": "array", "items": _CITATION}}}],
                "description": "set when the date of service is after the policy's next review date"},
            "disclaimer": {"type": "object", "required": ["text", "citation"],
                           "properties": {"text": _STRING, "citation": _CITATION}},
            "policy": {"$ref": "#/components/schemas/PolicySummary"},
            "answers": {"type": "object"},
        },
    }


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}


@lru_cache(maxsize=4)
def openapi_document(languages: tuple[str, ...] = ("en",)) -> dict:
    """Built once: it depends only on the code and the languages configured."""
    summary = {"type": "object", "required": ["id", "title", "effective_date", "next_review_date"],
               "properties": {"id": _STRING, "title": _STRING, "version": {"type": "string", "format": "date"},
                              "effective_date": {"type": "string", "format": "date"},
                              "next_review_date": {"type": "string", "format": "date"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Coverage Check API",
            "version": "1.0.0",
            "description": "Whether behavioral health coaching or peer support is likely covered under "
                           "administrative policy A015, with reasons that quote the policy. "
                           "In the event of a conflict, the member's benefit plan document supersedes the policy. "
                           "The texts come in the language the answers' `language` names (English by default); "
                           "the policy is quoted in its own words, in English, whatever the language.",
        },
        "paths": {
            "/api/v1/determinations": {"post": {
                "operationId": "createDetermination",
                "summary": "Evaluate a set of answers under A015",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Answers"}}}},
                "responses": {
                    "200": {"description": "The determination",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Determination"}}}},
                    "400": _error("The body is not JSON, not a JSON object, or nested more than 8 levels deep"),
                    "413": _error("The body is over 64 KB"),
                    "415": _error("The body is not sent as application/json"),
                    "422": _error("One or more answers are missing or not allowed; each is named"),
                },
            }},
            "/api/v1/determinations/lookup": {"post": {
                "operationId": "lookupDetermination",
                "summary": "A saved determination by the reference in the body, which keeps it out of URLs and logs",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["reference"],
                    "properties": {"reference": {"type": "string", "description": "as shown, like 7KQ4-M2XD-9HPW"}}}}}},
                "responses": {
                    "200": {"description": "The saved determination", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/SavedDetermination"}}}},
                    "400": _error("The body is not JSON, or not a JSON object"),
                    "404": _error("No determination has this reference number"),
                    "415": _error("The body is not sent as application/json"),
                    "422": _error("No reference given, or it is mistyped: its check symbol does not match"),
                    "429": _error("Too many look-ups from this address"),
                    "503": _error("Saved determinations cannot be read just now"),
                },
            }},
            "/api/v1/determinations/{reference}": {"get": {
                "operationId": "getDetermination",
                "summary": "A saved determination, exactly as it was shown",
                "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[2-9A-HJKMNP-Za-hjkmnp-z -]{12,20}$"},
                                "description": "as shown, like 7KQ4-M2XD-9HPW; case, spaces and hyphens do not matter"}],
                "responses": {
                    "200": {"description": "The saved determination", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/SavedDetermination"}}}},
                    "404": _error("No determination has this reference number"),
                    "422": _error("The reference number is mistyped: its check symbol does not match"),
                    "429": _error("Too many look-ups from this address"),
                    "503": _error("Saved determinations cannot be read just now"),
                },
            }},
            "/api/v1/policies/{policy_id}": {"get": {
                "operationId": "getPolicy",
                "summary": "The policy as data: sections, anchors, codes and dates",
                "parameters": [{"name": "policy_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The version in effect today, with the list of every version",
                            "content": {"application/json": {"schema": {"allOf": [
                                {"$ref": "#/components/schemas/Policy"},
                                {"type": "object", "required": ["versions"], "properties": {"versions": {
                                    "type": "array", "items": {
                                        "type": "object",
                                        "required": ["effective_date", "next_review_date", "digest", "url"],
                                        "properties": {"effective_date": {"type": "string", "format": "date"},
                                                       "next_review_date": {"type": "string", "format": "date"},
                                                       "digest": _STRING, "url": _STRING}}}}}]}}}},
                    "404": _error("No policy with that id"),
                },
            }},
            "/api/v1/policies/{policy_id}/versions/{version}": {"get": {
                "operationId": "getPolicyVersion",
                "summary": "One version of the policy, named by its effective date",
                "parameters": [{"name": "policy_id", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "version", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "the version's effective date, YYYY-MM-DD"}],
                "responses": {
                    "200": {"description": "The version", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Policy"}}}},
                    "404": _error("No policy with that id, or no version with that effective date"),
                    "422": _error("The version is not a date written YYYY-MM-DD"),
                },
            }},
            "/api/v1/openapi.json": {"get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "Answers": _answers_schema(tuple(languages)),
            "Determination": _determination_schema(),
            "PolicySummary": summary,
            "Policy": {"allOf": [{"$ref": "#/components/schemas/PolicySummary"}, {
                "type": "object", "required": ["sections", "codes", "header"],
                "properties": {"sections": {"type": "array"}, "codes": {"type": "array", "items": _POLICY_CODE},
                               "header": {"type": "array"}}}]},
            "Errors": _ERRORS,
            "SavedDetermination": {
                "type": "object",
                "required": ["reference", "created_at", "source", "audience", "language", "policy", "app_version",
                             "determination"],
                "properties": {
                    "reference": _STRING,
                    "created_at": {"type": "string", "format": "date-time"},
                    "source": {"enum": ["wizard", "api", "crd", "dtr"]},
                    "audience": {"enum": list(AUDIENCES)},
                    "language": _STRING,
                    "policy": {"type": "object", "required": ["id", "version", "digest"],
                               "properties": {"id": _STRING, "version": _STRING, "digest": _STRING}},
                    "app_version": _STRING,
                    "determination": {"$ref": "#/components/schemas/Determination"},
                },
            },
        }},
    }
