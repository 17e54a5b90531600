"""$questionnaire-package (Da Vinci DTR): its input Parameters read, and a package Bundle for each A015 order.

In: `coverage` (at least one), `order`, `referenced` (the performer's and requester's resources),
`questionnaire` (canonicals), `context` (CRD's coverage-assertion-id) and `changedsince`; at least one of
order, questionnaire or context (dtr-1). Out: Parameters with a `PackageBundle` for each order A015 covers
(and for a questionnaire asked for by its canonical that no order brought), each the Questionnaire of the
version in effect on the order's date and an adaptive QuestionnaireResponse in progress, pre-filled from
what the request carries as the CRD service reads it (app/crd/fhir_answers.py); and an `outcome`
saying what was passed over. No Flask here.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Callable

from ..coverage.policy import Policy
from ..crd.fhir_answers import A015_CODES, Resources, map_request, patient_of
from ..crd.hook import IN_SCOPE_TYPES, first_active
from ..crd.respond import local_reference
from ..i18n import N_
from ..wizard.flow import NOT_SURE, from_engine
from . import adaptive
from .outcome import DtrError, issue, operation_outcome, validated
from .questionnaire import DTR, Site, ends, questionnaire
from .responses import CONTEXT, applying

PACKAGE_PROFILE = DTR + "DTR-QPackageBundle"
OUTPUT_PROFILE = DTR + "dtr-qpackage-output-parameters"
NOT_IN_SCOPE = N_("%(order)s is not coded with a service A015 lists or names (%(codes)s): no questionnaire applies "
                  "to it.")
NOT_OURS = N_("%(canonical)s is not a questionnaire of this service; its questionnaire is %(ours)s.")
NOTHING = N_("No questionnaire applies to this request.")
RESOURCE_PARAMETERS = ("coverage", "order", "referenced")
VALUE_PARAMETERS = {"questionnaire": ("valueCanonical", "valueUri"), "context": ("valueString",),
                    "changedsince": ("valueInstant", "valueDateTime")}


def codes_named() -> str:
    """The codes an order is read for (fhir_answers.A015_CODES), by system: "CPT 0591T, 0592T, 0593T or HCPCS H0038"."""
    by_system: dict[str, list[str]] = {}
    for system, code in A015_CODES:
        by_system.setdefault(system, []).append(code)
    return " or ".join(f"{system} {', '.join(codes)}" for system, codes in by_system.items())


@dataclass
class PackageRequest:
    coverages: list[dict]
    orders: list[dict]
    referenced: list[dict] = field(default_factory=list)
    questionnaires: list[str] = field(default_factory=list)
    context: str | None = None


def _fail(where: str, problem: str):
    raise DtrError(400, "invalid", problem, where)


def parse(body) -> PackageRequest:
    """The operation's input; DtrError (400) naming the parameter that cannot be read."""
    if not isinstance(body, dict) or body.get("resourceType") != "Parameters":
        _fail("Parameters", "send the operation's input as a FHIR Parameters resource")
    validated(body, "Parameters")
    found = {name: [] for name in (*RESOURCE_PARAMETERS, *VALUE_PARAMETERS)}
    for index, parameter in enumerate(body.get("parameter") or ()):
        where = f"Parameters.parameter[{index}]"
        name = parameter.get("name") if isinstance(parameter, dict) else None
        name = name if isinstance(name, str) else None
        if name in RESOURCE_PARAMETERS:
            resource = parameter.get("resource")
            if not isinstance(resource, dict):
                _fail(where, f"{name} carries a resource")
            if name == "coverage" and resource.get("resourceType") != "Coverage":
                _fail(where, "coverage carries a Coverage resource")
            found[name].append(resource)
        elif name in VALUE_PARAMETERS:
            value = next((parameter[k] for k in VALUE_PARAMETERS[name] if isinstance(parameter.get(k), str)), None)
            if value is None:
                _fail(where, f"{name} carries a {' or '.join(VALUE_PARAMETERS[name])}")
            found[name].append(value)
        else:
            _fail(where, f"{str(name)[:40]!r} is not a parameter of $questionnaire-package")
    if not found["coverage"]:
        _fail("Parameters", "send the member's Coverage as the coverage parameter")
    if len(found["context"]) > 1 or len(found["changedsince"]) > 1:
        _fail("Parameters", "send context and changedsince once at most")
    if not (found["order"] or found["questionnaire"] or found["context"]):
        _fail("Parameters", "send at least one of order, questionnaire or context (dtr-1)")
    return PackageRequest(found["coverage"], found["order"], found["referenced"], found["questionnaire"],
                          (found["context"] or [None])[0])


def known_answers(raw: dict) -> dict:
    """What the order says, in the wizard's stored form; what it leaves unknown is left to be asked."""
    return applying({name: value for name, value in from_engine(raw).items() if value != NOT_SURE})


def _reference(resource: dict | None) -> dict | None:
    reference = local_reference(resource)
    return {"reference": reference} if reference else None


def initial_response(site: Site, policy: Policy, coverage: dict, order: dict | None, answers: dict,
                     now: str) -> dict:
    """The QuestionnaireResponse a package starts from: adaptive, in progress, with what the order says and
    the first question the flow asks of the rest, as $next-question gives it."""
    contexts = [{"url": CONTEXT, "valueReference": ref} for ref in (_reference(coverage), _reference(order)) if ref]
    started = {"resourceType": "QuestionnaireResponse", "id": str(uuid.uuid4()), "extension": contexts}
    # the member the Coverage is for, by reference alone: no name or other detail is copied
    subject = (coverage.get("beneficiary") or (order or {}).get("subject") or {}).get("reference")
    if isinstance(subject, str):
        started["subject"] = {"reference": subject}
    return adaptive.in_progress(started, site, adaptive.prefilled(answers), policy, now)


def bundle(site: Site, policy: Policy, until: dt.date | None, response: dict, now: str) -> dict:
    form = questionnaire(site, policy, until)
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "meta": {"profile": [PACKAGE_PROFILE]},
            "type": "collection", "timestamp": now,
            "entry": [{"fullUrl": f"{site.base}/Questionnaire/{form['id']}", "resource": form},
                      {"fullUrl": f"urn:uuid:{response['id']}", "resource": response}]}


def build(site: Site, asked: PackageRequest, library, version_for: Callable[[str | None], Policy],
          now: dt.datetime) -> dict:
    """The output Parameters: a PackageBundle per A015 order and per questionnaire asked for, and an outcome."""
    stamp = now.isoformat(timespec="seconds")
    coverage = first_active(asked.coverages) or asked.coverages[0]
    resources = Resources(asked.coverages, asked.orders, asked.referenced)
    packages, issues, versions_given = [], [], set()
    for order in asked.orders:
        named = _reference(order) or {"reference": str(order.get("resourceType"))}
        # only the Conditions of the patient the order is for tell the diagnosis
        patient = patient_of((order.get("subject") or {}).get("reference"))
        mapped = map_request(order, resources, patient=patient) if order.get("resourceType") in IN_SCOPE_TYPES else None
        if mapped is None:
            issues.append(issue("information", "not-found", site.gettext(NOT_IN_SCOPE) % {
                "order": named["reference"], "codes": codes_named()}))
            continue
        answers = known_answers(mapped.answers)
        policy = version_for(answers.get("date_of_service"))
        versions_given.add(policy.effective_date)
        response = initial_response(site, policy, coverage, order, answers, stamp)
        packages.append(bundle(site, policy, ends(library.versions, policy), response, stamp))
    for canonical in asked.questionnaires:
        url, _, version = canonical.partition("|")
        policy = (library.version(version) if version else version_for(None)) if url == site.canonical else None
        if policy is None:
            issues.append(issue("warning", "not-found", site.gettext(NOT_OURS) % {
                "canonical": canonical[:200], "ours": site.canonical}))
        elif policy.effective_date not in versions_given:
            versions_given.add(policy.effective_date)
            response = initial_response(site, policy, coverage, None, {}, stamp)
            packages.append(bundle(site, policy, ends(library.versions, policy), response, stamp))
    if not packages and not asked.orders and not asked.questionnaires:
        # a context alone (CRD's coverage-assertion-id): the questionnaire in effect today, to be answered whole
        policy = version_for(None)
        packages.append(bundle(site, policy, ends(library.versions, policy),
                               initial_response(site, policy, coverage, None, {}, stamp), stamp))
    if not packages:
        issues.append(issue("information", "not-found", site.gettext(NOTHING)))
    parameters = [{"name": "PackageBundle", "resource": p} for p in packages]
    if issues:
        parameters.append({"name": "outcome", "resource": operation_outcome(issues)})
    return {"resourceType": "Parameters", "meta": {"profile": [OUTPUT_PROFILE]}, "parameter": parameters}
