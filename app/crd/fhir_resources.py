"""The resources a CDS Hooks request carries, as plain dicts: found by reference, and their codings."""
from __future__ import annotations

BILLING_OPTIONS = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-billing-options"


class Resources:
    """The resources a hook request carries (context, prefetch, contained), found by reference."""

    def __init__(self, *sources):
        self.by_ref: dict[str, dict] = {}
        for source in sources:
            for resource in _flatten(source):
                self.add(resource)

    def add(self, resource: dict) -> None:
        kind, rid = resource.get("resourceType"), resource.get("id")
        if isinstance(kind, str) and isinstance(rid, str):
            self.by_ref.setdefault(f"{kind}/{rid}", resource)

    def of_type(self, kind: str) -> list[dict]:
        return [r for key, r in self.by_ref.items() if key.startswith(kind + "/")]

    def resolve(self, reference, kind: str | None = None) -> dict | None:
        """A reference's resource: relative, absolute or contained ('#id' is looked up in the holder first)."""
        text = reference.get("reference") if isinstance(reference, dict) else None
        if not isinstance(text, str):
            return None
        parts = text.rstrip("/").split("/")
        key = "/".join(parts[-2:]) if len(parts) >= 2 else text
        found = self.by_ref.get(key)
        if found is None and text.startswith("#"):
            found = next((r for r in self.by_ref.values() if r.get("id") == text[1:]), None)
        if found is not None and kind and found.get("resourceType") != kind:
            return None
        return found


def _flatten(source):
    if isinstance(source, list):
        for item in source:
            yield from _flatten(item)
    elif isinstance(source, dict) and isinstance(source.get("resourceType"), str):
        if source["resourceType"] == "Bundle":
            for entry in source.get("entry") or ():
                if isinstance(entry, dict):
                    yield from _flatten(entry.get("resource"))
        else:
            yield source
            for contained in source.get("contained") or ():
                yield from _flatten(contained)


def codings(concepts) -> list[dict]:
    if isinstance(concepts, dict):
        concepts = [concepts]
    out = []
    for concept in concepts or ():
        if isinstance(concept, dict):
            out += [c for c in concept.get("coding") or () if isinstance(c, dict)]
            for ext in concept.get("extension") or ():  # CRD's billing options sit on the code
                if isinstance(ext, dict) and ext.get("url") == BILLING_OPTIONS:
                    out += codings(ext.get("valueCodeableConcept"))
    return out
