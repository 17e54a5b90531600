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
    ({}, ["group"]),
    ({"group": "group"}, ["group"]),
    ({"group": "individual"}, ["group", "session"]),
    ({"group": "individual", "session": "initial"}, ["group", "session"]),
    ({"group": "individual", "session": "unknown"}, ["group", "session"]),
    ({"group": "individual", "session": "follow_up"}, ["group", "session", "minutes"]),
])
def test_coaching_asks_group_then_session_then_minutes_only_for_a_follow_up(details, asked):
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
    assert flow.first_unanswered({**BASE, "service": "coaching", "group": "group"}) == "delivery"


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
    changed = flow.record(answers, "service", "peer_support")
    assert "credential" not in changed and "group" not in changed and "session" not in changed
    assert "minutes" not in changed  # a coaching visit's length is not the peer session's
    assert changed["delivery"] == "in_person" and changed["state"] == "NY"


def test_answering_the_service_again_with_the_same_value_keeps_everything():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "initial"}
    assert flow.record(answers, "service", "coaching") == answers


def test_group_coaching_drops_the_session_and_minutes():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "follow_up", "minutes": 45}
    changed = flow.record(answers, "group", "group")
    assert changed == {**BASE, "service": "coaching", "group": "group"}


def test_a_follow_up_that_becomes_an_initial_visit_drops_the_minutes():
    answers = {**BASE, "service": "coaching", "group": "individual", "session": "follow_up", "minutes": 20}
    assert "minutes" not in flow.record(answers, "session", "initial")


def test_individual_after_group_opens_the_session_question():
    answers = {**BASE, "service": "coaching", "group": "group", "delivery": "in_person", "date_of_service": "2024-03-01"}
    changed = flow.record(answers, "group", "individual")
    assert not flow.is_complete(changed) and flow.first_unanswered(changed) == "session"


def test_engine_input_omits_not_sure_details_and_turns_group_into_a_boolean():
    # a session or minutes not known are left out; "not sure" of the delivery is the engine's own "unknown"
    answers = {**BASE, "diagnosis": "unknown", "service": "coaching", "group": "individual", "session": "unknown",
               "delivery": "unknown", "date_of_service": "2024-03-01"}
    raw = flow.engine_input(answers, "agent")
    assert raw == {"audience": "agent", "diagnosis": "unknown", "service": "coaching", "credential": "nbhwc",
                   "state": "NY", "setting": "outpatient", "group": False, "delivery": "unknown",
                   "date_of_service": "2024-03-01"}
    parsed = parse_answers(raw)
    assert parsed.session is None and parsed.delivery == "unknown" and parsed.date_of_service == dt.date(2024, 3, 1)


def test_engine_input_keeps_minutes_and_drops_an_unknown_length():
    peer = {**BASE, "service": "peer_support", "minutes": 60, "delivery": "telehealth", "date_of_service": "2024-03-01"}
    assert flow.engine_input(peer, "member")["minutes"] == 60
    assert "minutes" not in flow.engine_input({**peer, "minutes": "unknown"}, "member")
    assert flow.engine_input({**peer, "group": "group"}, "provider").get("group") is None  # not asked, not sent


def test_every_question_has_a_hyphenated_address():
    assert flow.SLUGS["credential"] == "provider-credential"
    assert flow.SLUGS["date_of_service"] == "date-of-service"
    assert all("_" not in slug for slug in flow.SLUGS.values())
    assert {flow.BY_SLUG[slug] for slug in flow.SLUGS.values()} == set(flow.QUESTIONS)


@pytest.mark.parametrize("details, asked", [
    ({"group": "unknown"}, ["group", "session"]),
    ({"group": "unknown", "session": "follow_up"}, ["group", "session", "minutes"]),
])
def test_a_member_not_sure_of_one_on_one_or_group_is_still_asked_the_session(details, asked):
    answers = {**BASE, "service": "coaching", **details}
    assert [q for q in flow.questions_for(answers) if q in ("group", "session", "minutes")] == asked


def test_group_not_known_is_left_out_of_the_engines_answers_and_comes_back_as_not_known():
    stored = {**BASE, "service": "coaching", "group": "unknown", "session": "initial", "delivery": "in_person",
              "date_of_service": "2024-03-01"}
    raw = flow.engine_input(stored, "member")
    assert "group" not in raw  # the engine reads a missing answer as not known
    assert flow.from_engine({**raw, "group": None}) == stored
    assert flow.from_engine({**raw, "group": False})["group"] == "individual"
    assert flow.from_engine({**raw, "group": True})["group"] == "group"
