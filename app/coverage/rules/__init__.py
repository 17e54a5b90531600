"""A015's rules, one module per criterion, as OpenFisca keeps a rule, its parameters and its tests at mirrored
paths: `rules/credential.py` holds every outcome of the credential criterion, each a Rule defined once with its
key, its status, its words in both registers and the policy words it quotes, and the function that picks one;
its cases are in `tests/cases/credential.yaml`. The policy's words themselves stay data, in the version's file.

One reading of what is not known: an answer not known (left out, or "not sure") is judged as the set of every
answer it could be. A criterion is met when every one of them meets it, not met when none does, and unknown
otherwise. tests/test_exhaustive.py proves it for every detail over the whole answer space.
"""
from __future__ import annotations

from types import ModuleType

from . import code, credential, date_of_service, delivery, diagnosis, notices, service, setting
from .rule import MET, NOT_KNOWN, NOT_MET, POLICY_SILENT, UNKNOWN, CodeWords, Finding, Rule, combined

# every criterion in the order a determination gives its reasons, judged from the service and its own answers
# (Rule.fields) alone; tests/test_exhaustive.py proves it, and what would change relies on it
MODULES = (diagnosis, service, credential, setting, delivery, code, date_of_service)
CRITERIA = {module.__name__.rsplit(".", 1)[1]: module.judge for module in MODULES}
CRITERIA["code"] = lambda answers, policy: code.judge(answers, policy)[0]  # without its code lines


def rules_in(module: ModuleType) -> tuple[Rule, ...]:
    """The rules a module defines, in the order it defines them."""
    return tuple(value for value in vars(module).values() if isinstance(value, Rule))


# every outcome of every criterion, by (criterion, key): the reason's id and its key
RULES = {(rule.criterion, rule.key): rule for module in MODULES for rule in rules_in(module)}
# every key of the data file's citations a rule or a notice quotes: a version without one of them is refused
QUOTED = frozenset(cite for rule in (*RULES.values(), *rules_in(notices)) for cite in rule.cites
                   if isinstance(cite, str))

__all__ = ["CRITERIA", "MODULES", "QUOTED", "RULES", "MET", "NOT_KNOWN", "NOT_MET", "POLICY_SILENT", "UNKNOWN",
           "CodeWords", "Finding", "Rule", "combined", "rules_in"]
