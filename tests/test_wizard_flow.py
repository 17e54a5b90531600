"""The wizard's question order and branching, apart from any page: app/wizard/flow.py."""
import datetime as dt

import pytest

from app.coverage.answers import parse_answers
from app.wizard import flow

BASE = {"diagnosis": "mental_health", "credential": "nbhwc", "state": "NY", "setting": "outpatient"}


def test_before_the_service_is_known_only_the_common_questions_are_asked():
    assert flow.questions_for({}) == ["diagnosis", "service", "credential", "state", "setting", "delivery",
                                      "date_of_service"]


@pytest.mark.parametrize("details, asked", [
    ({}, ["group", "minutes"]),
    ({"group": "group"}, ["group", "minutes"]),
    ({"group": "unknown"}, ["group", "session", "minutes"]),
    ({"group": "unknown", "session": "initial"}, ["group", "session"]),
    ({"group": "unknown", "session": "follow_up"}, ["group", "session", "minutes"]),
    ({"group": "individual"}, ["group", "session", "minutes"]),
    ({"group": "individual", "session": "initial"}, ["group", "session"]),
    ({"group": "individual", "session": "unknown"}, ["group", "session", "minutes"]),
    ({"group": "individual", "session": "follow_up"}, ["group", "session", "minutes"]),
])
def test_coaching_asks_the_session_unless_in_a_group_and_minutes_unless_a_first_visit(details, asked):
    answers = {**BASE, "service": "coaching", **details}
    extra = [q for q in flow.questions_for(answers) if q in ("group", "session", "minutes")]
    assert extra == asked


def test_peer_support_asks_minutes_but_never_group_or_session():
    answers = {**BASE, "service": "peer_support"}
    assert flow.questions_for(answers) == ["diagnosis", "service", "credential", "state", "setting", "minutes",
                                           "delivery", "date_of_service"]


def test_the_first_unanswered_question_is_found_in_order():
    assert flow.first_unanswered({}) == "diagnosis"
    assert flow.first_unanswered({**BASE, "service": "coaching"}) == "group"
    assert flow.first_unanswered({**BASE, "service": "coaching", "group": "group"}) == "minutes"


def test_a_question_opens_only_when_it_applies_and_every_earlier_one_is_answered():
    answers = {"diagnosis": "none", "service": "peer_support"}
    assert flow.can_open("credential", answers)
    assert not flow.can_open("state", answers)  # the credential is not answered yet
    assert not flow.can_open("group", {**answers, **BASE})  # peer support has no group question
    assert flow.can_open("diagnosis", {})


def test_next_and_previous_follow_the_questions_that_apply():
    coaching = {**BASE, "service": "coaching", "group": "individual", "session": "initial"}
    assert flow.next_question("setting", coaching) == "group"
    assert flow.next_question("session", coaching) == "delivery"
    assert flow.previous_question("delivery", coaching) == "session"
    peer = {**BASE, "service": "peer_support"}
    assert flow.next_question("setting", peer) == "minutes"
    assert flow.previous_question("delivery", peer) == "minutes"
    assert flow.previous_question("diagnosis", peer) is None
    assert flow.next_question("date_of_service", peer) is None


def test_changing_the_service_drops_the_credential_and_the_old_service_details():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "follow_up", "minutes": 45,
               "delivery": "in_person"}
    changed = flow.with_answer(answers, "service", "peer_support")
    assert "credential" not in changed and "group" not in changed and "session" not in changed
    assert "minutes" not in changed  # a coaching visit's length is not the peer session's
    assert changed["delivery"] == "in_person" and changed["state"] == "NY"


def test_answering_the_service_again_with_the_same_value_keeps_everything():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "initial"}
    assert flow.with_answer(answers, "service", "coaching") == answers


def test_group_coaching_drops_the_session_and_keeps_the_minutes_its_code_needs():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "follow_up", "minutes": 45}
    changed = flow.with_answer(answers, "group", "group")
    assert changed == {**BASE, "service": "coaching", "group": "group", "minutes": 45}


def test_a_follow_up_that_becomes_an_initial_visit_drops_the_minutes():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "follow_up", "minutes": 20}
    assert "minutes" not in flow.with_answer(answers, "session", "initial")


def test_individual_after_group_opens_the_session_question():
    answers = {**BASE, "service": "coaching", "group": "group", "delivery": "in_person", "date_of_service": "2024-03-01"}
    changed = flow.with_answer(answers, "group", "individual")
    assert not flow.is_complete(changed) and flow.first_unanswered(changed) == "session"


def test_engine_input_says_not_sure_as_not_sure_and_turns_group_into_a_boolean():
    # "not sure" is sent as "unknown", which the engine reads exactly as an answer left out
    answers = {**BASE, "diagnosis": "unknown", "service": "coaching", "group": "individual", "session": "unknown",
               "minutes": "unknown", "delivery": "unknown", "date_of_service": "2024-03-01"}
    raw = flow.engine_input(answers, "agent")
    assert raw == {"audience": "agent", "diagnosis": "unknown", "service": "coaching", "credential": "nbhwc",
                   "state": "NY", "setting": "outpatient", "group": False, "session": "unknown", "minutes": "unknown",
                   "delivery": "unknown", "date_of_service": "2024-03-01"}
    parsed = parse_answers(raw)
    assert parsed.session is None and parsed.minutes is None and parsed.delivery is None
    assert parsed == parse_answers({k: v for k, v in raw.items() if v != "unknown" or k == "diagnosis"})
    assert parse_answers({**raw, "group": "unknown"}).group is None


def test_engine_input_keeps_minutes_and_not_sure_of_the_length():
    peer = {**BASE, "service": "peer_support", "minutes": 60, "delivery": "telehealth", "date_of_service": "2024-03-01"}
    assert flow.engine_input(peer, "member")["minutes"] == 60
    assert parse_answers(flow.engine_input({**peer, "minutes": "unknown"}, "member")).minutes is None
    assert flow.engine_input({**peer, "group": "group"}, "provider").get("group") is None  # not asked, not sent


def test_from_engine_shows_every_answer_not_known_as_not_sure():
    parsed = parse_answers({"diagnosis": "both", "service": "coaching", "credential": "nbhwc", "state": "NY",
                            "date_of_service": "2024-03-01"})
    stored = flow.from_engine(parsed.to_dict())
    assert stored["group"] == stored["minutes"] == stored["setting"] == stored["delivery"] == "unknown"
    assert stored["session"] == "unknown"  # asked unless in a group: of a person not sure too


def test_every_question_has_a_hyphenated_address():
    assert flow.SLUGS["credential"] == "provider-credential"
    assert flow.SLUGS["date_of_service"] == "date-of-service"
    assert all("_" not in slug for slug in flow.SLUGS.values())
    assert {flow.BY_SLUG[slug] for slug in flow.SLUGS.values()} == set(flow.QUESTIONS)


def test_a_member_not_sure_of_one_on_one_or_group_is_asked_the_session_and_then_the_length():
    # the session matters if it was one-on-one; a first visit not known to be one-on-one needs review at any length
    answers = {**BASE, "service": "coaching", "group": "unknown"}
    assert [q for q in flow.questions_for(answers) if q in ("group", "session", "minutes")] == ["group", "session",
                                                                                               "minutes"]
    initial = {**answers, "session": "initial"}
    assert [q for q in flow.questions_for(initial) if q in ("group", "session", "minutes")] == ["group", "session"]


def test_group_not_known_is_sent_as_not_known_and_comes_back_as_not_known():
    stored = {**BASE, "service": "coaching", "group": "unknown", "session": "follow_up", "minutes": 45,
              "delivery": "in_person", "date_of_service": "2024-03-01"}
    raw = flow.engine_input(stored, "member")
    assert raw["group"] == "unknown" and parse_answers(raw).group is None
    assert flow.from_engine({**raw, "group": None}) == stored
    assert flow.from_engine({**raw, "group": False})["group"] == "individual"
    assert flow.from_engine({**raw, "group": True})["group"] == "group"
