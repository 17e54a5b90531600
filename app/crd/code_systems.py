"""The code systems an order or a diagnosis is read in: each by its canonical URI and the aliases EHRs
and payers send for it, with where each comes from.

A code is read under any of its system's URIs (ServiceRequest.code, CRD's ext-billing-options, an
Appointment's serviceType and appointmentType, the orders it is based on, Condition.code, reasonCode),
and answered in the canonical one (the coverage-information extension's billingCode). A URI not
listed here is no system we know: its codes are not read, so an order coded only under it gets no
A015 answer.

THO is HL7 Terminology (terminology.hl7.org), whose NamingSystem resources register each system's
identifiers; "preferred" is THO's own flag.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identifier:
    uri: str
    source: str  # where it is registered or seen in use


@dataclass(frozen=True)
class CodeSystem:
    name: str  # as the policy's code table and the cards name it
    canonical: Identifier
    aliases: tuple[Identifier, ...] = ()

    @property
    def uris(self) -> tuple[str, ...]:
        return (self.canonical.uri,) + tuple(alias.uri for alias in self.aliases)


CPT = CodeSystem("CPT", Identifier(
    "http://www.ama-assn.org/go/cpt",
    "THO NamingSystem CPT, its preferred uri; the Da Vinci CRD guide's examples"), (
    Identifier("urn:oid:2.16.840.1.113883.6.12", "THO NamingSystem CPT, its preferred OID"),
))
HCPCS = CodeSystem("HCPCS", Identifier(
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    "THO NamingSystem hcpcs-Level-II, a uri since 2020-08-11; the Da Vinci CRD guide's examples; the CRD "
    "reference implementation's requests since 2024"), (
    Identifier("https://bluebutton.cms.gov/resources/codesystem/hcpcs",
               "CMS Blue Button 2.0 claims data (CMSgov/beneficiary-fhir-data); the Da Vinci CRD reference "
               "implementation's requests until 2024 (HL7-DaVinci/CRD, CrdRequestCreator)"),
    Identifier("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
               "THO NamingSystem hcpcs-Level-II, its preferred uri"),
    Identifier("urn:oid:2.16.840.1.113883.6.285", "THO NamingSystem hcpcs-Level-II, its preferred OID"),
    Identifier("urn:oid:2.16.840.1.113883.6.14",
               "THO NamingSystem HCPCS-all-codes (retired for hcpcs-Level-II), its OID: HL7 v3 messages"),
    Identifier("http://terminology.hl7.org/CodeSystem/HCPCS-all-codes",
               "THO NamingSystem HCPCS-all-codes (retired for hcpcs-Level-II), its uri"),
))
ICD10CM = CodeSystem("ICD-10-CM", Identifier(
    "http://hl7.org/fhir/sid/icd-10-cm",
    "THO NamingSystem icd10CM, its preferred uri (the URL the terminology owner specifies)"), (
    Identifier("urn:oid:2.16.840.1.113883.6.90", "THO NamingSystem icd10CM, its preferred OID"),
    Identifier("http://terminology.hl7.org/CodeSystem/icd10CM",
               "THO NamingSystem icd10CM, superseded and kept for backwards compatibility"),
))

SYSTEMS = (CPT, HCPCS, ICD10CM)
_BY_URI = {uri: system for system in SYSTEMS for uri in system.uris}


def system_of(uri) -> CodeSystem | None:
    """The code system a coding's `system` names, by its canonical URI or any alias; None for any other."""
    return _BY_URI.get(uri) if isinstance(uri, str) else None


def by_name(name: str) -> CodeSystem:
    return next(system for system in SYSTEMS if system.name == name)
