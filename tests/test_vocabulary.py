"""The vocabulary: every value an answer takes is named once, in each form it is said in, and every page,
table and sentence that names a value reads those words."""
import pytest

from app.coverage import answers, vocabulary

# the values each answer takes, as the engine keeps them (the group as true or false, "unknown" as not sure)
TAKEN = {"diagnosis": answers.DIAGNOSES, "service": answers.SERVICES, "credential": answers.CREDENTIALS,
         "setting": answers.SETTINGS, "session": answers.SESSIONS, "delivery": answers.DELIVERIES,
         "group": (False, True)}


@pytest.mark.parametrize("name", TAKEN)
def test_every_value_an_answer_takes_has_words_for_every_audience_and_a_table(name):
    for value in TAKEN[name]:
        term = vocabulary.VALUES[name][value]
        assert all(term.words.for_audience(a) for a in answers.AUDIENCES), (name, value)
        assert vocabulary.in_table(name, value), (name, value)


def test_every_value_what_would_change_offers_is_said_in_both_registers(policy):
    # the values a change names within its sentence ("the coach has a state license"), over the answer space
    from app.coverage.engine import assess, what_would_change
    from app.coverage.space import answer_space
    offered = set()
    for one in list(answer_space(policy))[::11]:
        _outcome, findings, _codes = assess(one, policy)
        offered |= {(name, value) for way in what_would_change(one, policy, findings) for name, values, _kind in way
                    for value in values if name in ("diagnosis", "credential", "session")}
    assert {name for name, _value in offered} == {"diagnosis", "credential", "session"}
    for name, value in offered:
        assert all(vocabulary.said(name, value, register) for register in ("plain", "technical")), (name, value)


def test_every_answer_and_criterion_is_named():
    assert set(vocabulary.ANSWERS) == set(answers.FIELDS) - {"audience"}
    from app.coverage.rules import CRITERIA
    assert set(vocabulary.CRITERIA) == set(CRITERIA)


def test_the_question_pages_choices_and_names_are_the_vocabularys_words(app):
    # a label typed again in the questions would drift from the tables' and the sentences' words
    from app.wizard.flow import NOT_SURE
    from app.wizard.questions import QUESTIONS, choices_for
    stored = {"individual": False, "group": True}
    with app.test_request_context("/?lang=en"):
        for name, question in QUESTIONS.items():
            for audience in answers.AUDIENCES:
                assert str(question.summary.for_audience(audience)) == \
                    vocabulary.ANSWERS[name].words.for_audience(audience), name
            for choice in choices_for(question, "coaching"):
                value = stored.get(choice.value, choice.value) if name == "group" else choice.value
                term = vocabulary.NOT_SURE if choice.value == NOT_SURE else vocabulary.VALUES[name][value]
                for audience in answers.AUDIENCES:
                    assert str(choice.label.for_audience(audience)) == term.words.for_audience(audience), \
                        (name, choice.value, audience)


def test_a_status_an_outcome_and_an_eligibility_are_named_once_for_every_page(app):
    from app.crd import respond
    from app.wizard import casenote, policy_pages, present
    assert respond.STATUS is vocabulary.STATUSES["card"]
    with app.test_request_context("/?lang=en"):
        english = lambda table: {key: str(words) for key, words in table.items()}  # noqa: E731
        assert english(casenote.STATUS_WORDS) == vocabulary.STATUSES["technical"]
        assert english(present.STATUS_LABELS["plain"]) == vocabulary.STATUSES["plain"]
        assert english(policy_pages.OUTCOME_NAMES) == vocabulary.OUTCOMES
        assert english(policy_pages.STATUS_NAMES) == vocabulary.STATUSES["table"]
        for register in ("plain", "technical"):
            assert english(present.ELIGIBILITY_LABELS[register]) == vocabulary.ELIGIBILITY[register]
    from app.dtr import determination
    assert {value: words for value, (_code, words) in determination.ELIGIBLE.items()} == \
        vocabulary.ELIGIBILITY["technical"]
