"""The catalogue of what a determination says: every text rests on policy anchors that exist, every
reason shows a quote from one of its text's anchors, and no text claims what the policy does not."""
import re

import pytest

from app.coverage import texts
from app.coverage.engine import assess, evaluate
from app.coverage.rules import RULES, notices
from app.coverage.space import answer_space
from app.wizard.present import NEXT_STEPS


def catalogue():
    """(where, Text) for every text the engine can say."""
    for key, rule in RULES.items():
        yield f"reason {key}", rule.text
    for rule in notices.WARNINGS:
        yield f"warning {rule.key}", rule.text
    for rule in notices.NOTES:
        yield f"note {rule.key}", rule.text
    for key, text in texts.CHANGE_SENTENCES.items():
        yield f"change {key}", text
    for key, text in texts.CONDITIONS.items():
        yield f"condition {key}", text
    for key, text in texts.CONDITIONS_BY_SERVICE.items():
        yield f"condition {key}", text
    yield "disclaimer", notices.DISCLAIMER.text


def test_every_text_names_anchors_that_exist_in_the_policy(policy):
    for where, text in catalogue():
        assert text.anchors, where
        assert all(anchor in policy.sentences for anchor in text.anchors), (where, text.anchors)


def test_every_next_step_names_anchors_that_exist_or_is_plain_guidance(policy):
    for audience, steps in NEXT_STEPS.items():
        for _condition, step, anchors in steps:
            assert all(anchor in policy.sentences for anchor in anchors), (audience, str(step))


@pytest.fixture(scope="module")
def space(policy):
    return [(answers, assess(answers, policy)) for answers in answer_space(policy)]


def test_every_reason_quotes_one_of_the_anchors_its_text_rests_on(space):
    seen = set()
    for _answers, (_outcome, findings, _codes) in space:
        for finding in findings:
            if (finding.reason, finding.key, finding.citations) in seen:
                continue
            seen.add((finding.reason, finding.key, finding.citations))
            anchors = set(finding.rule.text.anchors)
            assert anchors & {c.anchor for c in finding.citations}, (finding.reason, finding.key)


def test_every_warning_and_note_quotes_one_of_its_texts_anchors(space, policy):
    for answers, _assessed in space[::97]:
        for audience in ("member", "provider"):
            result = evaluate(answers.changed(audience=audience), policy)
            for item in result.warnings + result.notes:
                (rule,) = [r for r in notices.WARNINGS + notices.NOTES if r.key == item.id]
                assert set(rule.text.anchors) & {c.anchor for c in item.citations}, item.id


# claims the policy never makes: a prior version, an "only", a plan that "always decides", an instruction
# to bill with diagnosis codes it never names, a rule ("must": the policy's own word for a code not in
# effect is "may not be eligible"), or a gloss of outpatient or of who finds a diagnosis
INVENTED = [r"\bolder policy\b", r"\bprior version\b", r"\bonly for\b", r"\bcovers? [^.]* only\b",
            r"always decides", r"\bF01\b", r"\bBill\b", r"\bmust\b", r"same day", r"doctor or counselor has found"]


@pytest.mark.parametrize("pattern", INVENTED)
def test_no_text_claims_what_the_policy_does_not_say(pattern):
    for where, text in catalogue():
        for register in ("plain", "technical"):
            assert not re.search(pattern, text[register]), (where, register, text[register])
    for audience, steps in NEXT_STEPS.items():
        for _condition, step, _anchors in steps:
            assert not re.search(pattern, str(step)), (audience, str(step))


def test_where_the_policy_is_silent_the_text_says_so(space):
    # every open reason whose cause is the policy's silence says, in the office's words, that A015 says nothing
    keys = {(f.reason, f.key) for _a, (_o, findings, _c) in space for f in findings if f.basis == "policy_silent"}
    assert keys
    for key in keys:
        technical = RULES[key].text["technical"]
        assert re.search(r"silent|not listed|not one the policy|no rounding rule", technical), key


def test_the_note_on_codes_not_in_effect_keeps_the_policys_may_not():
    # "Deleted codes and codes which are not effective at the time the service is rendered may not be
    # eligible for reimbursement": a warning, never a rule
    for register in ("plain", "technical"):
        assert "may not" in notices.CODES_NOT_EFFECTIVE.text[register]
    assert notices.CODES_NOT_EFFECTIVE.text["plain"] == (
        "A code that is deleted, or not in effect on the date of the visit, may not be paid.")


@pytest.mark.parametrize("pattern", [r"\bmust\b", r"same day", r"doctor or counselor has found"])
def test_no_question_text_makes_a_rule_or_a_gloss_the_policy_does_not_give(pattern):
    from app.wizard.questions import QUESTIONS, Words
    def strings(entry):
        for words in (entry.values() if isinstance(entry, dict) else [entry]):
            if isinstance(words, Words):
                yield from (str(w) for w in (words.member, words.provider, words.agent) if w is not None)
            elif words is not None:
                yield str(words)
    for name, question in QUESTIONS.items():
        found = list(strings(question.title)) + list(strings(question.hint)) + list(strings(question.ask))
        for choice in question.choices:
            found += list(strings(choice.label)) + list(strings(choice.hint))
        for text in found:
            assert not re.search(pattern, text), (name, text)
