"""FHIR R4 resources (plain dicts) -> the raw answers `parse_answers` takes, for one Appointment or ServiceRequest.

What the resources do not say is left out, so it stays unknown as in the wizard; diagnosis and
credential, which the answers require, become "unknown". Nothing that names the patient is read.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import code_systems
from ..coverage.answers import MAX_MINUTES, MIN_MINUTES, STATES
from .fhir_credentials import credential_for
from .fhir_resources import Resources
from .fhir_resources import codings as _codings
from ..coverage.icd10 import Icd10Code, diagnosis_of

# the canonical URIs the answer is given in; a code is read under any alias too (code_systems.py)
CPT = code_systems.CPT.canonical.uri
HCPCS = code_systems.HCPCS.canonical.uri
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

# the codes A015 lists or names (by code system), and the answers each one settles
A015_CODES = {
    ("CPT", "0591T"): {"service": "coaching", "session": "initial", "group": False},
    ("CPT", "0592T"): {"service": "coaching", "session": "follow_up", "group": False},
    ("CPT", "0593T"): {"service": "coaching", "group": True},
    ("HCPCS", "H0038"): {"service": "peer_support"},
}
# CMS place of service codes: which setting, and for 02/10 which delivery
POS_SETTING = {"11": "outpatient", "19": "outpatient", "22": "outpatient", "49": "outpatient", "50": "outpatient",
               "53": "outpatient", "57": "outpatient", "58": "outpatient", "71": "outpatient", "72": "outpatient",
               "02": "outpatient", "10": "outpatient", "21": "inpatient", "51": "inpatient", "61": "inpatient",
               "55": "residential", "56": "residential"}
POS_TELEHEALTH = ("02", "10")
ENCOUNTER_SETTING = {"AMB": "outpatient", "VR": "outpatient", "IMP": "inpatient", "ACUTE": "inpatient",
                     "NONAC": "inpatient", "SS": "outpatient"}
_STATE_NAMES = {name.upper(): code for code, name in STATES.items()}
MINUTES_PER = {"min": 1, "h": 60, "hour": 60, "hours": 60, "minutes": 1, "minute": 1}


@dataclass
class Mapped:
    """The answers for one resource, the codes they came from, and what CRD calls info-needed."""
    answers: dict
    billing: dict
    icd10: tuple[Icd10Code, ...] = ()
    info_needed: list[str] = field(default_factory=list)


def a015_coding(resource: dict, resources: Resources) -> dict | None:
    """The first coding on the resource that A015 lists or names, in its system's canonical URI whatever
    alias it came in; None for a service A015 does not cover, or a code in a system we do not know."""
    if resource.get("resourceType") == "ServiceRequest":
        concepts = [resource.get("code")]
    else:  # Appointment: its service type, type, and the orders it is based on
        concepts = list(resource.get("serviceType") or []) + [resource.get("appointmentType")]
        concepts += [(resources.resolve(ref, "ServiceRequest") or {}).get("code") for ref in resource.get("basedOn") or ()]
    for coding in _codings(concepts):
        system, code = code_systems.system_of(coding.get("system")), str(coding.get("code", "")).strip().upper()
        if system is not None and (system.name, code) in A015_CODES:
            return {"system": system.canonical.uri, "code": code,
                    **({"display": coding["display"]} if isinstance(coding.get("display"), str) else {})}
    return None


def _icd10_codes(resource: dict, resources: Resources) -> list[str]:
    concepts = list(resource.get("reasonCode") or [])
    conditions = [resources.resolve(ref, "Condition") for ref in resource.get("reasonReference") or ()]
    conditions += resources.of_type("Condition")
    for condition in filter(None, conditions):
        statuses = {c.get("code") for c in _codings([condition.get("clinicalStatus"), condition.get("verificationStatus")])}
        if statuses & {"inactive", "resolved", "remission", "refuted", "entered-in-error"}:
            continue
        concepts.append(condition.get("code"))
    codes = [c.get("code") for c in _codings(concepts)
             if code_systems.system_of(c.get("system")) is code_systems.ICD10CM and isinstance(c.get("code"), str)]
    return list(dict.fromkeys(codes))


def _actors(resource: dict) -> list:
    if resource.get("resourceType") == "Appointment":
        return [p.get("actor") for p in resource.get("participant") or () if isinstance(p, dict)]
    return list(resource.get("performer") or ()) + list(resource.get("locationReference") or ())


def _performers(resource: dict, resources: Resources, performer: dict | None = None):
    """Roles, practitioners, locations and organizations the resource names as who and where."""
    roles, people, places, orgs = [], [], [], []
    actors = _actors(resource)
    if performer and not any(resources.resolve(a, kind) for a in actors for kind in ("PractitionerRole", "Practitioner")):
        actors.append(performer)  # the performer the order is dispatched to, when it names none itself
    for ref in filter(None, actors):
        found = resources.resolve(ref)
        kind = (found or {}).get("resourceType")
        {"PractitionerRole": roles, "Practitioner": people, "Location": places, "Organization": orgs}.get(kind, []).append(found)
    for role in roles:
        people += filter(None, [resources.resolve(role.get("practitioner"), "Practitioner")])
        places += filter(None, [resources.resolve(ref, "Location") for ref in role.get("location") or ()])
        orgs += filter(None, [resources.resolve(role.get("organization"), "Organization")])
    return roles, people, places, orgs


def _state(places: list[dict], orgs: list[dict], resources: Resources) -> str | None:
    for place in places:
        orgs = orgs + list(filter(None, [resources.resolve(place.get("managingOrganization"), "Organization")]))
    addresses = [p.get("address") for p in places] + [a for o in orgs for a in o.get("address") or ()]
    for address in addresses:
        state = address.get("state") if isinstance(address, dict) else None
        state = state.strip().upper() if isinstance(state, str) else None
        state = _STATE_NAMES.get(state, state)  # "Massachusetts" as well as "MA"
        if state in STATES:
            return state
    return None


def _setting_and_delivery(resource: dict, places: list[dict], resources: Resources) -> tuple[str | None, str | None]:
    pos = [c.get("code") for c in _codings(list(resource.get("locationCode") or []) +
                                           [t for p in places for t in p.get("type") or ()]) if c.get("system") == POS]
    setting = next((POS_SETTING[c] for c in pos if c in POS_SETTING), None)
    virtual = any(c in POS_TELEHEALTH for c in pos) or any(
        c.get("code") == "vi" for p in places for c in _codings(p.get("physicalType"))) or any(
        "virtualService" in str(e.get("url", "")) for e in resource.get("extension") or () if isinstance(e, dict))
    delivery = "telehealth" if virtual else "in_person" if (pos or places) else None
    # an appointment's encounter type (CRD's serviceCategory slice from ActEncounterCode) says it of the visit itself
    kinds = [c.get("code") for c in _codings(resource.get("serviceCategory")) if c.get("system") == ACT_CODE]
    setting = setting or next((ENCOUNTER_SETTING[k] for k in kinds if k in ENCOUNTER_SETTING), None)
    delivery = delivery or ("telehealth" if "VR" in kinds else None)
    if setting is None or delivery is None:
        # the encounter the request was made in says the least, so it is read last
        encounter = resources.resolve(resource.get("encounter"), "Encounter") or next(iter(resources.of_type("Encounter")), None)
        klass = (encounter or {}).get("class")
        code = klass.get("code") if isinstance(klass, dict) and klass.get("system", ACT_CODE) == ACT_CODE else None
        setting = setting or ENCOUNTER_SETTING.get(code)
        delivery = delivery or ("telehealth" if code == "VR" else None)
    return setting, delivery


def _date(text) -> str | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()  # the day as the EHR wrote it, in its own time zone
    except ValueError:
        return None


def _minutes(resource: dict) -> int | None:
    minutes = None
    if resource.get("resourceType") == "Appointment":
        minutes = resource.get("minutesDuration")
        if minutes is None and isinstance(resource.get("start"), str) and isinstance(resource.get("end"), str):
            try:
                span = dt.datetime.fromisoformat(resource["end"]) - dt.datetime.fromisoformat(resource["start"])
                minutes = span.total_seconds() / 60
            except (ValueError, TypeError):
                minutes = None
    else:
        quantity = resource.get("quantityQuantity") or {}
        repeat = (resource.get("occurrenceTiming") or {}).get("repeat") or {}
        for value, unit in ((quantity.get("value"), quantity.get("code") or quantity.get("unit")),
                            (repeat.get("duration"), repeat.get("durationUnit"))):
            if isinstance(value, (int, float)) and unit in MINUTES_PER:
                minutes = value * MINUTES_PER[unit]
                break
    if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and float(minutes).is_integer():
        minutes = int(minutes)
        return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None
    return None


def _service_date(resource: dict) -> str | None:
    if resource.get("resourceType") == "Appointment":
        return _date(resource.get("start")) or _date(((resource.get("requestedPeriod") or [{}])[0] or {}).get("start"))
    timing = resource.get("occurrenceTiming") or {}
    return (_date(resource.get("occurrenceDateTime")) or _date((resource.get("occurrencePeriod") or {}).get("start"))
            or _date((timing.get("event") or [None])[0]))


def map_request(resource: dict, resources: Resources, performer: dict | None = None) -> Mapped | None:
    """The raw answers for one Appointment or ServiceRequest; None when A015 does not cover its code.

    `performer` (a reference) stands in for the resource's own when it names none: order-dispatch's."""
    billing = a015_coding(resource, resources)
    if billing is None:
        return None
    answers: dict = {"audience": "provider",
                     **A015_CODES[(code_systems.system_of(billing["system"]).name, billing["code"])]}
    diagnosis, icd10 = diagnosis_of(_icd10_codes(resource, resources))
    roles, people, places, orgs = _performers(resource, resources, performer)
    answers["diagnosis"] = diagnosis
    # a ServiceRequest may name only the kind of performer, as a NUCC taxonomy code
    kinds = [{"code": [resource["performerType"]]}] if isinstance(resource.get("performerType"), dict) else []
    answers["credential"] = credential_for(answers["service"], roles + kinds, people)
    setting, delivery = _setting_and_delivery(resource, places, resources)
    state = _state(places, orgs, resources) or _state([], people, resources)  # last, the performer's own address
    if state is None and not (roles or people):
        # no performer named: the requester's own role (where the order is made) still tells the state
        requester = resources.resolve(resource.get("requester"), "PractitionerRole") or {}
        state = _state(list(filter(None, [resources.resolve(r, "Location") for r in requester.get("location") or ()])),
                       list(filter(None, [resources.resolve(requester.get("organization"), "Organization")])), resources)
    found = {"state": state, "setting": setting, "delivery": delivery,
             "minutes": _minutes(resource), "date_of_service": _service_date(resource)}
    answers.update({k: v for k, v in found.items() if v is not None})
    info = []
    if answers["credential"] == "unknown":
        info.append("performer")
    if "state" not in answers or "setting" not in answers or "delivery" not in answers:
        info.append("location")
    if "date_of_service" not in answers:
        info.append("timeframe")
    return Mapped(answers=answers, billing=billing, icd10=icd10, info_needed=info)
