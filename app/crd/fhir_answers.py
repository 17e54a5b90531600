"""FHIR R4 resources (plain dicts) -> the raw answers `parse_answers` takes, for one Appointment or ServiceRequest.

What the resources do not say is left out, so it stays unknown as in the wizard; diagnosis and
credential, which the answers require, become "unknown". Nothing that names the patient is read.
"""
from __future__ import annotations

import datetime as dt
import math
import re
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


# the answers a request may leave unknown, in the order a card names them
UNSAID = ("diagnosis", "credential", "state", "setting", "delivery", "session", "minutes", "date_of_service")


@dataclass
class Mapped:
    """The answers for one resource, the codes they came from, and what CRD calls info-needed."""
    answers: dict
    billing: dict
    icd10: tuple[Icd10Code, ...] = ()
    info_needed: list[str] = field(default_factory=list)
    partial_date: str | None = None  # the date as given when it named only a year or a month ("2023-04")

    @property
    def not_known(self) -> list[str]:
        """Exactly the answers the request left unknown (the session only of coaching, which has one)."""
        said = self.answers
        return [name for name in UNSAID if said.get(name, "unknown") == "unknown"
                and (name != "session" or said.get("service") == "coaching")]


def a015_coding(resource: dict, resources: Resources) -> dict | None:
    """The first coding on the resource that A015 lists or names, in its system's canonical URI whatever
    alias it came in; None for a service A015 does not cover, or a code in a system we do not know."""
    if resource.get("resourceType") == "ServiceRequest":
        concepts = [resource.get("code")]
    else:  # Appointment: its service type, type, and the orders it is based on
        concepts = list(resource.get("serviceType") or []) + [resource.get("appointmentType")]
        concepts += [(resources.resolve(ref, "ServiceRequest") or {}).get("code") for ref in resource.get("basedOn") or ()]
    for coding in _codings(concepts):
        # codes are case-sensitive (CPT and HCPCS print them so): "0591t" is not an A015 code
        system, code = code_systems.system_of(coding.get("system")), coding.get("code")
        if system is not None and isinstance(code, str) and (system.name, code) in A015_CODES:
            return {"system": system.canonical.uri, "code": code,
                    **({"display": coding["display"]} if isinstance(coding.get("display"), str) else {})}
    return None


def id_in(reference, kind: str) -> str | None:
    """The id a reference to a `kind` resource names, relative ("Patient/123") or a full URL; None otherwise."""
    parts = reference.rstrip("/").split("/") if isinstance(reference, str) else []
    return parts[-1] if len(parts) >= 2 and parts[-2] == kind and parts[-1] else None


def patient_of(reference) -> str | None:
    """"Patient/123" from a reference to a Patient, relative or a full URL; None for anything else."""
    id_ = id_in(reference, "Patient")
    return f"Patient/{id_}" if id_ else None


def _about(condition: dict, patient: str | None) -> bool:
    """Whether a Condition is about the patient ("Patient/123"); any is, when no patient is named."""
    subject = condition.get("subject")
    return patient is None or patient_of(subject.get("reference") if isinstance(subject, dict) else None) == patient


def _icd10_codes(resource: dict, resources: Resources, patient: str | None = None) -> list[str]:
    concepts = list(resource.get("reasonCode") or [])
    conditions = [resources.resolve(ref, "Condition") for ref in resource.get("reasonReference") or ()]
    conditions += resources.of_type("Condition")
    for condition in filter(None, conditions):
        if not _about(condition, patient):
            continue  # another patient's condition says nothing of this one's diagnosis
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
    if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and math.isfinite(minutes):
        # whole minutes reached: a minimum is met only by whole minutes, so 45.5 is read as 45
        minutes = math.floor(minutes)
        return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None
    return None


def _first_day(text) -> str | None:
    """A FHIR date given only as a year or a month ("2023", "2023-04"): its first day, the earliest it can be."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", text):
        return None
    try:
        return dt.date.fromisoformat((text + "-01-01")[:10]).isoformat()
    except ValueError:
        return None


def _service_date(resource: dict) -> tuple[str | None, str | None]:
    """The date of service, and the text it was read from when that named only a year or a month."""
    if resource.get("resourceType") == "Appointment":
        given = [resource.get("start"), ((resource.get("requestedPeriod") or [{}])[0] or {}).get("start")]
    else:
        timing = resource.get("occurrenceTiming") or {}
        given = [resource.get("occurrenceDateTime"), (resource.get("occurrencePeriod") or {}).get("start"),
                 (timing.get("event") or [None])[0]]
    for text in given:
        if day := _date(text):
            return day, None
        if day := _first_day(text):
            # part of the span may fall before a version's effective date: its first day is judged
            return day, text
    return None, None


def map_request(resource: dict, resources: Resources, performer: dict | None = None,
                patient: str | None = None) -> Mapped | None:
    """The raw answers for one Appointment or ServiceRequest; None when A015 does not cover its code.

    `performer` (a reference) stands in for the resource's own when it names none: order-dispatch's.
    `patient` ("Patient/123"): only Conditions about this patient are read for the diagnosis."""
    billing = a015_coding(resource, resources)
    if billing is None:
        return None
    answers: dict = {"audience": "provider",
                     **A015_CODES[(code_systems.system_of(billing["system"]).name, billing["code"])]}
    diagnosis, icd10 = diagnosis_of(_icd10_codes(resource, resources, patient))
    roles, people, places, orgs = _performers(resource, resources, performer)
    answers["diagnosis"] = diagnosis
    setting, delivery = _setting_and_delivery(resource, places, resources)
    state = _state(places, orgs, resources) or _state([], people, resources)  # last, the performer's own address
    if state is None and not (roles or people):
        # no performer named: the requester's own role (where the order is made) still tells the state
        requester = resources.resolve(resource.get("requester"), "PractitionerRole") or {}
        state = _state(list(filter(None, [resources.resolve(r, "Location") for r in requester.get("location") or ()])),
                       list(filter(None, [resources.resolve(requester.get("organization"), "Organization")])), resources)
    date, partial = _service_date(resource)
    # a ServiceRequest may name only the kind of performer, as a NUCC taxonomy code; a qualification is read
    # on the date of service (today's when none is given, as the engine judges) and for the service's state
    kinds = [{"code": [resource["performerType"]]}] if isinstance(resource.get("performerType"), dict) else []
    answers["credential"] = credential_for(answers["service"], roles + kinds, people,
                                           date or dt.date.today().isoformat(), state)
    found = {"state": state, "setting": setting, "delivery": delivery,
             "minutes": _minutes(resource), "date_of_service": date}
    answers.update({k: v for k, v in found.items() if v is not None})
    info = []
    if answers["credential"] == "unknown":
        info.append("performer")
    if "state" not in answers or "setting" not in answers or "delivery" not in answers:
        info.append("location")
    if "date_of_service" not in answers:
        info.append("timeframe")
    return Mapped(answers=answers, billing=billing, icd10=icd10, info_needed=info, partial_date=partial)
