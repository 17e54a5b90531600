"""The impact of a new version of a policy: every answer set judged under both, and what changed.

Both versions are judged on one date of service on which both are in effect (the later effective
date), so that the report shows what the words change, not that the dates differ.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .engine import OUTCOME_ORDER, assess
from .policy import Policy
from .space import DECISION_COLUMNS, answer_space

EXAMPLES = 3  # answer sets shown for each transition


def _answers_row(answers) -> dict:
    row = {}
    for name in DECISION_COLUMNS:
        value = getattr(answers, name)
        row[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return row


@dataclass
class Impact:
    old: Policy
    new: Policy
    judged_on: str
    total: int = 0
    transitions: Counter = field(default_factory=Counter)        # (old outcome, new outcome) -> count
    examples: dict = field(default_factory=dict)                  # (old, new) -> [answers]
    reasons: dict = field(default_factory=dict)                   # change of one criterion's finding -> count
    reason_examples: dict = field(default_factory=dict)           # the same key -> the first answers giving it,
                                                                  # so a page can say each finding in words
    added: list = field(default_factory=list)                     # sentences only in the new version
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def changed_outcomes(self) -> int:
        return sum(n for (old, new), n in self.transitions.items() if old != new)

    def changes(self) -> list[tuple[str, str, int]]:
        """The transitions that change the outcome, largest first."""
        return sorted(((old, new, n) for (old, new), n in self.transitions.items() if old != new),
                      key=lambda t: (-t[2], OUTCOME_ORDER.index(t[0]), OUTCOME_ORDER.index(t[1])))

    def reason_changes(self) -> list[dict]:
        return [{**dict(key), "count": n, "example": self.reason_examples.get(key)}
                for key, n in sorted(self.reasons.items(), key=lambda kv: -kv[1])]

    def to_dict(self) -> dict:
        version = lambda p: {"id": p.id, "version": p.effective_date.isoformat(), "digest": p.digest}  # noqa: E731
        return {
            "old": version(self.old), "new": version(self.new), "judged_on": self.judged_on,
            "answer_sets": self.total, "changed_outcomes": self.changed_outcomes,
            "transitions": [{"from": old, "to": new, "count": n, "examples": self.examples[(old, new)]}
                            for old, new, n in self.changes()],
            "reasons": [{"criterion": r["criterion"], "count": r["count"],
                         "old": {"key": r["old_key"], "status": r["old_status"], "quotes": list(r["old_quotes"])},
                         "new": {"key": r["new_key"], "status": r["new_status"], "quotes": list(r["new_quotes"])}}
                        for r in self.reason_changes()],
            "sentences": {"added": self.added, "removed": self.removed, "changed": self.changed},
        }


def sentence_changes(old: Policy, new: Policy) -> tuple[list, list, list]:
    """Sentences added, removed and changed, matched by their anchors."""
    added = [{"anchor": a, "section": s.section, "text": s.text} for a, s in new.sentences.items()
             if a not in old.sentences]
    removed = [{"anchor": a, "section": s.section, "text": s.text} for a, s in old.sentences.items()
               if a not in new.sentences]
    changed = [{"anchor": a, "section": s.section, "old": s.text, "new": new.sentences[a].text}
               for a, s in old.sentences.items() if a in new.sentences and new.sentences[a].text != s.text]
    return added, removed, changed


def compare(old: Policy, new: Policy, state: str = "NY") -> Impact:
    """Judge the whole answer space under both versions and collect what differs."""
    judged_on = max(old.effective_date, new.effective_date)
    impact = Impact(old, new, judged_on.isoformat())
    for answers in answer_space(new, state, dates=(judged_on,), also=(old,)):
        before, old_findings, _ = assess(answers, old)
        after, new_findings, _ = assess(answers, new)
        impact.total += 1
        impact.transitions[(before, after)] += 1
        if before != after:
            shown = impact.examples.setdefault((before, after), [])
            if len(shown) < EXAMPLES:
                shown.append(_answers_row(answers))
        for was, now in zip(old_findings, new_findings):
            if (was.key, was.status, was.citations) != (now.key, now.status, now.citations):
                key = (("criterion", was.reason), ("old_key", was.key), ("old_status", was.status),
                       ("old_quotes", tuple(c.quote for c in was.citations)), ("new_key", now.key),
                       ("new_status", now.status), ("new_quotes", tuple(c.quote for c in now.citations)))
                impact.reasons[key] = impact.reasons.get(key, 0) + 1
                impact.reason_examples.setdefault(key, answers)
    impact.added, impact.removed, impact.changed = sentence_changes(old, new)
    return impact
