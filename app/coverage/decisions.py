"""How we decide, as rules: the whole answer space judged by the engine, folded into rows a person can read.

Each criterion turns on its own answers alone (tests/test_exhaustive.py proves it), so one row can say
"any criterion not met gives likely not covered" for each finding that is not met, "needs review"
for each finding that is unknown (when nothing is not met), and one row per way every criterion is
met for likely covered. Each row names the answers that give it, counted over the answer space.
"""
from __future__ import annotations

from dataclasses import dataclass

from .engine import LIKELY_COVERED, LIKELY_NOT_COVERED, NOT_MET, OUTCOME_ORDER, UNKNOWN, assess
from .policy import Policy
from .space import answer_space

ANY = None  # a row's credential when any credential gives it


@dataclass(frozen=True)
class Condition:
    criterion: str
    key: str
    status: str
    answers: tuple[tuple[str, tuple], ...]  # the values of this criterion's answers that give it
    quotes: tuple[tuple[str, str], ...]     # (anchor, quote)


@dataclass(frozen=True)
class Row:
    """One rule of the table: the outcome a service gets when these conditions hold."""
    service: str
    outcome: str
    credentials: tuple[str, ...] | None     # None: any credential
    conditions: tuple[Condition, ...]
    answer_sets: int                        # how many answer sets of the space this row covers


def _values_giving(policy: Policy, space: list) -> dict:
    """For each (service, criterion, key): the values of the criterion's answers that give it."""
    seen: dict[tuple, dict[str, list]] = {}
    for answers, findings in space:
        for f in findings:
            per_field = seen.setdefault((answers.service, f.reason, f.key), {})
            for name in f.fields:
                values = per_field.setdefault(name, [])
                value = getattr(answers, name)
                if value not in values:
                    values.append(value)
    return seen


def decision_rules(policy: Policy, state: str = "NY") -> list[Row]:
    """Every rule of the policy, from the engine over the answer space, in the order of the outcomes."""
    space = [(answers, *assess(answers, policy)[:2]) for answers in answer_space(policy, state)]
    values = _values_giving(policy, [(answers, findings) for answers, _outcome, findings in space])

    def condition(service, f) -> Condition:
        answers = tuple((name, tuple(v)) for name, v in values[(service, f.reason, f.key)].items())
        return Condition(f.reason, f.key, f.status, answers, tuple((c.anchor, c.quote) for c in f.citations))

    counts: dict[tuple, int] = {}
    made: dict[tuple, tuple] = {}
    for answers, outcome, findings in space:
        # the engine's outcome, and the findings that give it: each one not met, else each one unknown, else all
        if outcome == LIKELY_COVERED:
            deciding = [tuple(f for f in findings if f.reason != "service")]
        else:
            status = NOT_MET if outcome == LIKELY_NOT_COVERED else UNKNOWN
            deciding = [(f,) for f in findings if f.status == status]
        for group in deciding:
            key = (answers.service, outcome) + tuple((f.reason, f.key) for f in group)
            counts[key] = counts.get(key, 0) + 1
            if key not in made:
                conditions = tuple(condition(answers.service, f) for f in group)
                credential = next((dict(c.answers).get("credential") for c in conditions
                                   if c.criterion == "credential"), ANY)
                made[key] = (answers.service, outcome, credential, conditions)
    rules = [Row(*made[key], answer_sets=counts[key]) for key in made]
    return sorted(rules, key=lambda r: (r.service, OUTCOME_ORDER.index(r.outcome)))


def filtered(rules: list[Row], service: str | None = None, credential: str | None = None,
             outcome: str | None = None) -> list[Row]:
    """The rules that apply to a service, a credential (rows for any credential included) and an outcome."""
    return [r for r in rules
            if (not service or r.service == service) and (not outcome or r.outcome == outcome)
            and (not credential or r.credentials is ANY or credential in r.credentials)]


__all__ = ["ANY", "Condition", "Row", "decision_rules", "filtered"]
