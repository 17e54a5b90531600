"""The CDS Hooks discovery document: one service per hook, with the prefetch CRD describes."""
from __future__ import annotations

# who gives the service and where: the performer's role, the person, their organization and location
_PERFORMERS = {
    "appointment-book": "context.appointments.entry.resource.participant.actor",
    "order-sign": "context.draftOrders.entry.resource.performer",
    "order-select": "context.draftOrders.entry.resource.performer",
    "order-dispatch": "context.performer",
}
_LOCATIONS = {
    "appointment-book": "context.appointments.entry.resource.participant.actor.resolve().ofType(Location).id",
    "order-sign": "context.draftOrders.entry.resource.locationReference.resolve().id",
    "order-select": "context.draftOrders.entry.resource.locationReference.resolve().id",
    "order-dispatch": "%serviceRequests.entry.resource.locationReference.resolve().id",
}
_CONDITIONS = {
    "appointment-book": "context.appointments.entry.resource.reasonReference.resolve().ofType(Condition).id",
    "order-sign": "context.draftOrders.entry.resource.reasonReference.resolve().ofType(Condition).id",
    "order-select": "context.draftOrders.entry.resource.reasonReference.resolve().ofType(Condition).id",
    "order-dispatch": "%serviceRequests.entry.resource.reasonReference.resolve().ofType(Condition).id",
}
TITLES = {
    "appointment-book": "A015 coverage when a coaching or peer support visit is booked",
    "order-sign": "A015 coverage when a coaching or peer support order is signed",
    "order-select": "A015 coverage when a coaching or peer support order is selected",
    "order-dispatch": "A015 coverage when a coaching or peer support order is sent to its performer",
}
SERVICE_IDS = {"a015-appointment-book": "appointment-book", "a015-order-sign": "order-sign",
               "a015-order-select": "order-select", "a015-order-dispatch": "order-dispatch"}
CONFIGURATION_OPTIONS = [{
    "code": "coverage-info", "type": "boolean", "name": "Coverage Information", "default": True,
    "description": "Whether a behavioral health coaching or peer support service (CPT 0591T, 0592T, 0593T; "
                   "HCPCS H0038) is likely covered under administrative policy A015, added to the order or "
                   "appointment as a coverage-information extension; always given on appointment-book, "
                   "order-sign and order-dispatch, CRD's primary hooks"}]


def prefetch(hook: str) -> dict[str, str]:
    performer = _PERFORMERS[hook]
    templates = {
        "patient": "Patient/{{context.patientId}}",
        "coverage": "Coverage?patient={{context.patientId}}&status=active",
        "conditions": f"Condition?patient={{{{context.patientId}}}}&clinical-status=active",
        "reasonConditions": f"Condition?_id={{{{{_CONDITIONS[hook]}}}}}",
        "encounter": "Encounter/{{context.encounterId}}",
        "practitionerRoles": f"PractitionerRole?_id={{{{{performer}.resolve().ofType(PractitionerRole).id}}}}",
        "practitioners": ("Practitioner?_id={{%practitionerRoles.entry.resource.practitioner.resolve().id|"
                          f"{performer}.resolve().ofType(Practitioner).id}}}}"),
        "organizations": "Organization?_id={{%practitionerRoles.entry.resource.organization.resolve().id}}",
        "locations": f"Location?_id={{{{%practitionerRoles.entry.resource.location.resolve().id|{_LOCATIONS[hook]}}}}}",
    }
    if hook == "appointment-book":  # an appointment's billing code may be on the order it is based on
        templates["serviceRequests"] = ("ServiceRequest?_id={{context.appointments.entry.resource.basedOn"
                                        ".resolve().ofType(ServiceRequest).id}}")
    if hook == "order-dispatch":  # the hook names its orders; their content comes by prefetch
        templates["serviceRequests"] = "ServiceRequest?_id={{context.dispatchedOrders.resolve().ofType(ServiceRequest).id}}"
    return templates


def discovery() -> dict:
    return {"services": [{
        "hook": hook, "id": service_id, "title": TITLES[hook],
        "description": ("Coverage Requirements Discovery for administrative policy A015 (Behavioral Health Coaching "
                        "and Peer Support Services): adds coverage information to each order or appointment for "
                        "CPT 0591T, 0592T, 0593T or HCPCS H0038, with a card quoting the policy's words"),
        "prefetch": prefetch(hook),
        "usageRequirements": "Send a signed JWT (CDS Hooks 2.0) and the prefetch above; the README says how.",
        "extension": {"davinci-crd.version": "2.1", "davinci-crd.configuration-options": CONFIGURATION_OPTIONS},
    } for service_id, hook in SERVICE_IDS.items()]}
