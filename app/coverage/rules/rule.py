"""What every rule is made of: a Rule is one outcome of a criterion (or one notice), defined once with its
key, its status, its words and what it quotes; a Finding is a rule found to hold for a set of answers.

A Rule's `cites` names what it quotes, in the order the reason shows it: the policy data's citation keys
(`citations:` in the version's YAML file) and, as CodeWords, the words of the code rows that fit the
answers. Both are checked when a version is loaded (policy.py), so a rule never quotes words that do not
stand in the policy.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..determination import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN
from ..policy import Citation, Code, Policy
from ..texts import Text

__all__ = ["MET", "NOT_KNOWN", "NOT_MET", "POLICY_SILENT", "UNKNOWN", "CodeWords", "Finding", "Rule", "combined",
           "rules_of"]


@dataclass(frozen=True)
class CodeWords:
    """A quote from each code row that fits: its words for one condition (policy.DESCRIPTOR_WORDS), or None for
    its whole descriptor."""
    term: str | None = None


@dataclass(frozen=True)
class Rule:
    """One outcome of a criterion: its key, status, words and citations, and why it is open when it is."""
    key: str
    status: str | None
    text: Text
    cites: tuple[str | CodeWords, ...]
    basis: str | None = None  # NOT_KNOWN or POLICY_SILENT when the status is unknown
    criterion: str = ""  # the criterion it is an outcome of: the reason's id
    fields: tuple[str, ...] = ()  # the answers the criterion turns on

    def cited(self, policy: Policy, codes: tuple[Code, ...] = ()) -> tuple[Citation, ...]:
        """The policy words this rule quotes under one version, with the code rows given for its CodeWords."""
        found: tuple[Citation, ...] = ()
        for cite in self.cites:
            if isinstance(cite, CodeWords):
                found += tuple(policy.cite_code(code, cite.term) for code in codes)
            else:
                found += policy.cite(cite)
        return found

    def found(self, policy: Policy, params: tuple = (), codes: tuple[Code, ...] = ()) -> "Finding":
        """This rule found to hold: its citations under `policy`, and the values its words read."""
        return Finding(self, self.cited(policy, codes), tuple(params))


def rules_of(criterion: str, fields: tuple[str, ...]):
    """The Rule maker of one criterion, which turns on `fields`."""
    def rule(key: str, status: str, *, cites: tuple, text: Text, basis: str | None = None) -> Rule:
        return Rule(key, status, text, cites, basis, criterion, fields)
    return rule


@dataclass(frozen=True)
class Finding:
    """One criterion judged: the rule that holds, the policy words it quotes here, and the values its text reads."""
    rule: Rule
    citations: tuple[Citation, ...]
    params: tuple[tuple[str, object], ...] = ()

    @property
    def reason(self) -> str:
        return self.rule.criterion

    @property
    def key(self) -> str:
        return self.rule.key

    @property
    def status(self) -> str:
        return self.rule.status

    @property
    def basis(self) -> str | None:
        return self.rule.basis

    @property
    def fields(self) -> tuple[str, ...]:
        return self.rule.fields


def combined(statuses) -> str:
    """The status of an answer not known, from the statuses of every answer it could be."""
    statuses = set(statuses)
    if statuses == {MET}:
        return MET
    if statuses == {NOT_MET}:
        return NOT_MET
    return UNKNOWN
