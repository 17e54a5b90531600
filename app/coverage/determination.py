"""The shape of a determination: what the engine returns, what the API sends and what is saved.

Templates and the API only present it; a saved one is rebuilt with from_dict to be shown again
exactly as it was, including those saved before a field was added.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .answers import Answers
from .policy import Citation


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _cites(items) -> tuple[Citation, ...]:
    return tuple(Citation(c["section"], c["anchor"], c["quote"]) for c in items)


# a criterion's status, and why one is open: an answer is not known yet, or the policy does not say
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
NOT_KNOWN, POLICY_SILENT = "not_known", "policy_silent"
# a code line's own conditions on the answers: met, not met or not known (the JSON's true, false, null)
ELIGIBLE = {MET: True, NOT_MET: False, UNKNOWN: None}


@dataclass(frozen=True)
class CodeLine:
    system: str
    code: str
    descriptor: str
    listed: bool  # printed in the policy's table under "Eligible for Coverage"
    units: int | None
    descriptor_source: str | None
    remainder: int | None = None  # minutes past the last whole unit of a timed code
    # the code criterion judged with this code's own group and session: met, not_met or unknown;
    # None for a line saved before code lines were judged, shown as it was saved
    status: str | None = None

    @property
    def eligible(self) -> bool | None:
        """Whether this code's own conditions under A015 are met on the answers: true, false, or not known."""
        return ELIGIBLE.get(self.status)

    def to_dict(self) -> dict:
        if self.status is None:  # saved before: eligible meant listed, and it is given back as it was saved
            data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                    "eligible": self.listed, "units": self.units}
        else:
            data = {"system": self.system, "code": self.code, "descriptor": self.descriptor,
                    "eligible": self.eligible, "listed": self.listed, "units": self.units}
        if self.descriptor_source:
            data["descriptor_source"] = self.descriptor_source
        if self.remainder:
            data["minutes_past_whole_units"] = self.remainder
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CodeLine":
        """A line as to_dict gave it; one saved before "listed" was added had "eligible" for it."""
        if "listed" in data:
            listed = data["listed"]
            status = next(s for s, e in ELIGIBLE.items() if e is data["eligible"])
        else:
            listed, status = data["eligible"], None
        return cls(data["system"], data["code"], data["descriptor"], listed, data["units"],
                   data.get("descriptor_source"), data.get("minutes_past_whole_units"), status)


@dataclass(frozen=True)
class Reason:
    id: str
    status: str
    text: str
    citations: tuple[Citation, ...]
    basis: str | None = None  # why it is open: "not_known" (an answer) or "policy_silent"

    def to_dict(self) -> dict:
        data = {"id": self.id, "status": self.status, "text": self.text,
                "citations": [c.to_dict() for c in self.citations]}
        if self.basis:
            data["open_because"] = self.basis
        return data


@dataclass(frozen=True)
class Notice:
    """A warning or a note: a text and the policy words it rests on."""
    id: str
    text: str
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "citations": [c.to_dict() for c in self.citations]}

    @classmethod
    def from_dict(cls, data: dict) -> "Notice":
        return cls(data["id"], data["text"], _cites(data["citations"]))


@dataclass(frozen=True)
class Change:
    """One way to reach likely_covered: every answer here set to one of its values.

    `kind` is "choice" for an answer that could be otherwise, "confirm" for one not known yet; minutes
    are a minimum ("at least")."""
    fields: tuple[tuple[str, tuple, str], ...]
    text: str

    def to_dict(self) -> dict:
        changes = []
        for name, values, kind in self.fields:
            item = {"field": name, "values": [_jsonable(v) for v in values], "kind": kind}
            if name == "minutes":
                item["at_least"] = min(values)
            changes.append(item)
        return {"changes": changes, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Change":
        return cls(tuple((f["field"], tuple(f["values"]), f.get("kind", "choice")) for f in data["changes"]),
                   data["text"])


@dataclass(frozen=True)
class Determination:
    outcome: str
    outcome_label: str
    reasons: tuple[Reason, ...]
    codes: tuple[CodeLine, ...]
    what_would_change: tuple[Change, ...]
    warnings: tuple[Notice, ...]
    disclaimer: dict
    policy: dict
    answers: Answers = field(repr=False)
    notes: tuple[Notice, ...] = ()
    policy_age: dict | None = None  # set when the date of service is past the policy's review date

    @classmethod
    def from_dict(cls, data: dict) -> "Determination":
        """The determination a to_dict() made, as it was: for showing a saved one again."""
        answers = dict(data["answers"])
        answers["date_of_service"] = dt.date.fromisoformat(answers["date_of_service"])
        return cls(
            outcome=data["outcome"],
            outcome_label=data["outcome_label"],
            reasons=tuple(Reason(r["id"], r["status"], r["text"], _cites(r["citations"]), r.get("open_because"))
                          for r in data["reasons"]),
            codes=tuple(CodeLine.from_dict(c) for c in data["codes"]),
            what_would_change=tuple(Change.from_dict(w) for w in data["what_would_change"]),
            warnings=tuple(Notice.from_dict(w) for w in data["warnings"]),
            disclaimer=data["disclaimer"],
            policy=data["policy"],
            answers=Answers(**answers),
            notes=tuple(Notice.from_dict(n) for n in data.get("notes", ())),
            policy_age=data.get("policy_age"),
        )

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "policy_age": self.policy_age,
            "reasons": [r.to_dict() for r in self.reasons],
            "codes": [c.to_dict() for c in self.codes],
            "what_would_change": [c.to_dict() for c in self.what_would_change],
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": [n.to_dict() for n in self.notes],
            "disclaimer": self.disclaimer,
            "policy": self.policy,
            "answers": self.answers.to_dict(),
        }
