"""OperationOutcome: how every refusal of the FHIR operations is said, with the place in the body it concerns.

No Flask here: the view turns a DtrError into its response.
"""
from __future__ import annotations

from ..crd.hook import HookError, validate_resource

MAX_TEXT = 300  # a diagnostics text never echoes much of what was sent


class DtrError(ValueError):
    """A request the DTR operations cannot take: its HTTP status, the FHIR issue code and what is wrong."""

    def __init__(self, status: int, code: str, diagnostics: str, expression: str | None = None):
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics, self.expression = status, code, diagnostics, expression

    def outcome(self) -> dict:
        return operation_outcome([issue("error", self.code, self.diagnostics, self.expression)])


def validated(resource, where: str) -> dict:
    """The resource, when it parses as FHIR R4 as the CDS Hooks service parses it; a 400 naming where it does not."""
    try:
        return validate_resource(resource, where)
    except HookError as error:
        (place, problem), = error.errors.items()
        raise DtrError(400, "structure", problem, place) from None


def issue(severity: str, code: str, diagnostics: str, expression: str | None = None) -> dict:
    found = {"severity": severity, "code": code, "diagnostics": diagnostics[:MAX_TEXT]}
    if expression:
        found["expression"] = [expression[:MAX_TEXT]]
    return found


def operation_outcome(issues: list[dict]) -> dict:
    return {"resourceType": "OperationOutcome", "issue": issues}


# the FHIR issue code for each HTTP status the app answers with on its own (body too large, no such path, ...)
STATUS_CODES = {400: "invalid", 401: "security", 404: "not-found", 405: "not-supported", 413: "too-costly",
                415: "not-supported", 422: "processing", 429: "throttled", 500: "exception", 503: "transient"}
