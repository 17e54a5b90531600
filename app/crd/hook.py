"""A CDS Hooks 2.0 request checked: its shape, its hook, and what it says that the service reads, parsed as R4.

The orders and appointments a call is about are parsed whole: they are judged, and sent back in the
update action. Of every other resource (the prefetch, the context's other entries, what they contain)
the elements the mapping reads (READ) are parsed, and any other element is passed over: the CRD
reference implementation's requests leave out a Bundle's `type` and a Coverage's `status` and
`beneficiary`, which FHIR requires and this service never reads. Parsing only what is read is also
most of a call's time saved (docs/benchmarks.md).

fhir.resources has no R4 (4.0.1) package in its maintained releases; its R4B (4.3) models are used,
which read the R4 Appointment, ServiceRequest, Coverage, Condition, Practitioner, PractitionerRole,
Location, Organization and Encounter resources a CRD request carries unchanged.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from threading import Lock

from cachetools import LRUCache
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from .fhir_resources import Resources

# where each hook puts the resources it is about (CDS Hooks hook definitions, as CRD profiles them)
CONTEXT_RESOURCES = {"appointment-book": "appointments", "order-sign": "draftOrders", "order-select": "draftOrders"}
IN_SCOPE_TYPES = ("Appointment", "ServiceRequest")
MAX_ERROR = 200
# an EHR sends the same Practitioner, PractitionerRole, Organization, Location and Coverage on every call: the
# verdict on a resource's text is kept, so it is validated once, not once a call (docs/benchmarks.md)
VERDICTS = 2048            # verdicts kept per worker, the least recently used dropped first
VERDICT_MAX_TEXT = 16_384  # a resource's text longer than this is validated each time and not kept
# the elements fhir_answers.py, fhir_credentials.py and respond.py read of each resource beside the orders
# (besides resourceType, id and contained, read of every one): what is parsed of it
READ = {
    "Coverage": ("status",),
    "Condition": ("code", "clinicalStatus", "verificationStatus", "subject"),
    "Practitioner": ("qualification",),
    "PractitionerRole": ("code", "specialty", "practitioner", "location", "organization"),
    "Location": ("address", "type", "physicalType", "managingOrganization"),
    "Organization": ("address",),
    "Encounter": ("class",),
}


class HookError(ValueError):
    """A request that is not a CDS Hooks request this service can read; the errors name each problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class HookRequest:
    hook: str
    hook_instance: str
    requests: list[dict]      # the Appointments and ServiceRequests the hook is about
    resources: Resources      # everything the request carries, found by reference
    coverage: dict | None     # the first active Coverage in the prefetch
    configuration: dict
    performer: dict | None = None  # order-dispatch: who the orders go to, for orders that name no one
    patient: str | None = None     # "Patient/{context.patientId}": only this patient's Conditions are read


def _fhir_error(first: dict) -> str:
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"not a valid FHIR R4 resource: {where}: {first.get('msg', '')}"[:MAX_ERROR]


def _model(resource, where: str):
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        raise HookError({where: "expected a FHIR resource: a JSON object with a resourceType"})
    try:
        return get_fhir_model_class(resource["resourceType"])
    except (ValueError, KeyError):
        raise HookError({where: f"unknown FHIR resource type {resource['resourceType'][:40]!r}"}) from None


_verdicts: LRUCache = LRUCache(VERDICTS)
_verdicts_lock = Lock()


def _verdict(model, value: dict, part: bool) -> str | None:
    """None when value parses as model (for a part, leaving out only required elements it does not
    hold); else the message of its first problem. A pure function of its arguments, so it is kept."""
    try:
        text = json.dumps(value, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        text = None
    key = (model.__name__, part, text) if text is not None and len(text) <= VERDICT_MAX_TEXT else None
    if key is not None:
        with _verdicts_lock:
            if key in _verdicts:
                return _verdicts[key]
    verdict = _validate(model, value, part)
    if key is not None:
        with _verdicts_lock:
            _verdicts[key] = verdict
    return verdict


def _validate(model, value: dict, part: bool) -> str | None:
    try:
        model.model_validate(value)
    except ValidationError as error:
        problems = [e for e in error.errors() if not (
            part and e["type"].endswith("missing") and len(e.get("loc", ())) == 1 and e["loc"][0] not in value)]
        if problems:  # the first one is named
            return _fhir_error(problems[0])
    except (TypeError, KeyError, ValueError, AttributeError, RecursionError):
        # fhir.resources raises these, not a ValidationError, for a nested resource whose resourceType is wrong
        return "not a valid FHIR R4 resource: a resource inside it has no known resourceType"
    return None


def _parse(model, value: dict, where: str, part: bool = False) -> None:
    """model.model_validate(value); HookError naming where, unless (for a part of a resource) every error
    is a required element of the resource left out of the part."""
    problem = _verdict(model, value, part)
    if problem is not None:
        raise HookError({where: problem})


def validate_resource(resource, where: str) -> dict:
    """Parse one resource whole with fhir.resources; HookError naming where it stands when it does not parse."""
    _parse(_model(resource, where), resource, where)
    return resource


def read_resource(resource, where: str) -> dict:
    """Parse what the service reads of a resource: an order or appointment whole; a Bundle's entries, each
    read the same way; of any other resource its id and the elements in READ, then what it contains.
    HookError naming where, when any of that does not parse."""
    model = _model(resource, where)
    kind = resource["resourceType"]
    if kind in IN_SCOPE_TYPES:
        return validate_resource(resource, where)
    if kind == "Bundle":
        entries = resource.get("entry")
        if entries is not None and not (isinstance(entries, list) and all(isinstance(e, dict) for e in entries)):
            raise HookError({f"{where}.entry": "not a valid FHIR R4 Bundle: entry is a list of JSON objects"})
        for index, entry in enumerate(entries or ()):
            if "resource" in entry:
                read_resource(entry["resource"], f"{where}.entry[{index}].resource")
        return resource
    read = ("resourceType", "id", *READ.get(kind, ()))
    _parse(model, {name: resource[name] for name in read if name in resource}, where, part=True)
    contained = resource.get("contained")
    if contained is not None and not isinstance(contained, list):
        raise HookError({f"{where}.contained": "not a valid FHIR R4 resource: contained is a list of resources"})
    for index, inner in enumerate(contained or ()):
        read_resource(inner, f"{where}.contained[{index}]")
    return resource


def _entries(bundle, where: str) -> list[dict]:
    read_resource(bundle, where)
    if bundle["resourceType"] != "Bundle":
        raise HookError({where: "expected a Bundle of the resources the hook is about"})
    return [e["resource"] for e in bundle.get("entry") or () if isinstance(e.get("resource"), dict)]


def _selected(resources: list[dict], selections) -> list[dict]:
    # order-select is about the orders just selected, named as "ServiceRequest/123"
    wanted = {s for s in selections or () if isinstance(s, str)}
    return [r for r in resources if f"{r.get('resourceType')}/{r.get('id')}" in wanted]


def first_active(coverages) -> dict | None:
    """The first Coverage that is active (or says no status); None when none is."""
    return next((c for c in coverages if c.get("status") in (None, "active")), None)


def _coverage(resources: Resources) -> dict | None:
    return first_active(resources.of_type("Coverage"))


def parse_hook_request(data, hook: str) -> HookRequest:
    """Check the body against CDS Hooks 2.0 and the hook this service answers."""
    if not isinstance(data, dict):
        raise HookError({"body": "Send the hook request as a JSON object"})
    errors = {}
    for name in ("hook", "hookInstance"):
        if not isinstance(data.get(name), str) or not data[name]:
            errors[name] = "required: a string"
    context = data.get("context")
    if not isinstance(context, dict):
        errors["context"] = "required: a JSON object"
    prefetch = data.get("prefetch", {})
    if prefetch is None:
        prefetch = {}
    if not isinstance(prefetch, dict):
        errors["prefetch"] = "must be a JSON object of prefetched resources"
    extension = data.get("extension", {})
    if not isinstance(extension, dict):
        errors["extension"] = "must be a JSON object"
    if errors:
        raise HookError(errors)
    if data["hook"] != hook:
        raise HookError({"hook": f"this service answers {hook}, not {data['hook'][:40]}"})
    if not isinstance(context.get("patientId"), str):
        raise HookError({"context.patientId": "required: the patient's FHIR id, a string"})
    if hook == "order-dispatch":
        return replace(_dispatch(context, prefetch, data["hookInstance"], extension),
                       patient=f"Patient/{context['patientId']}")
    key = CONTEXT_RESOURCES[hook]
    if key not in context:
        raise HookError({f"context.{key}": "required: a Bundle of the resources the hook is about"})
    requests = _entries(context[key], f"context.{key}")  # the Bundle's validation covers its entries
    if hook == "order-select":
        if not isinstance(context.get("selections"), list):
            raise HookError({"context.selections": "required: the selected orders, as a list of references"})
        requests = _selected(requests, context["selections"])
    resources = Resources(_prefetched(prefetch), requests)
    return HookRequest(hook=hook, hook_instance=data["hookInstance"],
                       requests=[r for r in requests if r.get("resourceType") in IN_SCOPE_TYPES],
                       resources=resources, coverage=_coverage(resources), configuration=_configuration(extension),
                       patient=f"Patient/{context['patientId']}")


def _prefetched(prefetch: dict) -> list[dict]:
    found = []
    for name, value in prefetch.items():
        if value is None:  # CDS Hooks: a prefetch the client could not fill is null
            continue
        found.append(read_resource(value, f"prefetch.{name}"))
    return found


def _configuration(extension: dict) -> dict:
    configuration = extension.get("davinci-crd.configuration")
    return configuration if isinstance(configuration, dict) else {}


def _dispatch(context: dict, prefetch: dict, hook_instance: str, extension: dict) -> HookRequest:
    """order-dispatch names its orders ("ServiceRequest/123"); the orders themselves come by prefetch."""
    orders = context.get("dispatchedOrders")
    if not isinstance(orders, list) or not orders or not all(isinstance(o, str) for o in orders):
        raise HookError({"context.dispatchedOrders": "required: the dispatched orders, as a list of references"})
    performer = context.get("performer")
    if performer is not None and not isinstance(performer, str):
        raise HookError({"context.performer": "must be a reference such as PractitionerRole/123"})
    for index, task in enumerate(context.get("fulfillmentTasks") or ()):
        read_resource(task, f"context.fulfillmentTasks[{index}]")
    resources = Resources(_prefetched(prefetch))
    # an order not prefetched cannot be read, so whether A015 covers it cannot be told: it is passed over
    requests = [r for r in (resources.resolve({"reference": o}) for o in dict.fromkeys(orders)) if r]
    return HookRequest(hook="order-dispatch", hook_instance=hook_instance,
                       requests=[r for r in requests if r.get("resourceType") in IN_SCOPE_TYPES],
                       resources=resources, coverage=_coverage(resources), configuration=_configuration(extension),
                       performer={"reference": performer} if performer else None)
